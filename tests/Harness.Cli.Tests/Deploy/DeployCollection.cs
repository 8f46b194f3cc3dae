namespace Harness.Cli.Tests.Deploy;

/// <summary>
/// The tests that pack, publish or start whole harness processes run one class at a time:
/// <c>dotnet pack</c> and <c>run.sh publish</c> share the CLI's obj/ folder (a RID-specific restore
/// rewrites its assets file), and process timings stay apart from each other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DeployCollection
{
    public const string Name = "deploy";
}
