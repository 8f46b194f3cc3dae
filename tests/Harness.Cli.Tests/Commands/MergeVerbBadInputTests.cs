using Harness.Load.Results;

namespace Harness.Cli.Tests.Commands;

/// <summary><c>merge</c>: a broken input or runs that do not belong together are one line, exit 2, and nothing written.</summary>
public sealed class MergeVerbBadInputTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("harness-merge-bad-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Out => Path.Combine(_root, "merged");

    [Theory]
    [MemberData(nameof(BadResultsDirectory.Corruptions), MemberType = typeof(BadResultsDirectory))]
    public async Task Merge_OneBrokenInput_OneLineExit2_NothingWritten(string corruption)
    {
        string good = BadResultsDirectory.WriteValid(Path.Combine(_root, "good"), agent: "1/2");
        string bad = BadResultsDirectory.Write(Path.Combine(_root, corruption), corruption, agent: "2/2");
        var (code, _, error) = await CliRunner.RunAsync("merge", good, bad, "--out", Out, "--no-report");
        BadResultsDirectory.AssertOneLine(code, error, bad);
        Assert.False(File.Exists(Path.Combine(Out, ResultsDirectory.ResultsFile)));
    }

    [Fact]
    public async Task Merge_SameRunTwice_OneLineExit2()
    {
        string a = BadResultsDirectory.WriteValid(Path.Combine(_root, "a"));
        var (code, _, error) = await CliRunner.RunAsync("merge", a, a, "--out", Out, "--no-report");
        BadResultsDirectory.AssertOneLine(code, error, "given twice");
    }

    [Fact]
    public async Task Merge_TwoAgents_Exit0()
    {
        string a = BadResultsDirectory.WriteValid(Path.Combine(_root, "a"), agent: "1/2");
        string b = BadResultsDirectory.WriteValid(Path.Combine(_root, "b"), agent: "2/2");
        var (code, _, error) = await CliRunner.RunAsync("merge", a, b, "--out", Out, "--no-report");
        Assert.True(code == ExitCodes.Ok, error);
        Assert.True(File.Exists(Path.Combine(Out, ResultsDirectory.ResultsFile)));
    }
}
