namespace Harness.Cli.Tests.Deploy;

/// <summary>
/// <c>./run.sh --help</c>, the first thing a newcomer types: it names run.sh's own commands (the
/// main job, test, gate, publish), which <c>harness --help</c> cannot, and then the harness's verbs.
/// </summary>
public sealed class RunScriptTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_NamesTheScriptsOwnCommands_ThenTheVerbs(string flag)
    {
        var (code, output, error) = await ChildProcess.RunAsync("bash", ["run.sh", flag], RepositoryRoot.Path, TimeSpan.FromMinutes(5));

        Assert.True(code == 0, $"./run.sh {flag} exited {code}: {error}");
        foreach (string line in new[] { "./run.sh test [ARGS]", "./run.sh gate [ARGS]", "./run.sh publish DIR", "./run.sh VERB ARGS..." })
        {
            Assert.Contains(line, output, StringComparison.Ordinal);
        }

        Assert.Contains("With no command, the main job", output, StringComparison.Ordinal);
        Assert.Contains("  compare", output, StringComparison.Ordinal);
        Assert.True(output.IndexOf("./run.sh test", StringComparison.Ordinal) < output.IndexOf("Usage:", StringComparison.Ordinal), "run.sh's own commands come first");
    }
}
