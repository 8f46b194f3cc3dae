namespace Harness.Cli.Tests.Deploy;

/// <summary>
/// The tests that pack or publish the CLI run one class at a time: <c>dotnet pack</c> and
/// <c>run.sh publish</c> share its obj/ folder (a RID-specific restore rewrites its assets file).
/// None judges a timing, so the collection runs in the parallel phase, not after it with the
/// classes that measure.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DeployCollection
{
    public const string Name = "deploy";
}
