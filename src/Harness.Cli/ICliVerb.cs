using System.CommandLine;

namespace Harness.Cli;

/// <summary>
/// One top-level verb of the <c>harness</c> CLI (<c>sse</c>, <c>fake</c>, <c>stream</c>, ...).
/// Each verb lives in its own file under <c>Commands/</c> and is found by reflection, so adding a
/// verb never touches a shared registration list.
/// </summary>
public interface ICliVerb
{
    /// <summary>Where the verb appears in <c>--help</c>; lower comes first.</summary>
    int Order { get; }

    /// <summary>Builds the verb's command tree, writing to the given console.</summary>
    Command Create(CliConsole console);
}
