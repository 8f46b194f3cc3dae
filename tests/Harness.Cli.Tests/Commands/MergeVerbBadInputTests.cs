using Harness.Load.Results;

namespace Harness.Cli.Tests.Commands;

/// <summary>
/// <c>merge</c>: a broken input or runs that do not belong together are one line, exit 2, and
/// nothing written (not even the --out directory it made); a merge missing an agent says which.
/// </summary>
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
        Assert.False(Directory.Exists(Out), "a refused merge left its --out directory");
    }

    [Fact]
    public async Task Merge_SameRunTwice_OneLineExit2()
    {
        string a = BadResultsDirectory.WriteValid(Path.Combine(_root, "a"));
        var (code, _, error) = await CliRunner.RunAsync("merge", a, a, "--out", Out, "--no-report");
        BadResultsDirectory.AssertOneLine(code, error, "given twice");
    }

    [Fact]
    public async Task Merge_AgentsMeasuredOneAfterAnother_OneLineExit2()
    {
        var (a, b, code, error) = await MergeTwoAgentsAsync(bStartsAfterSeconds: 31);
        BadResultsDirectory.AssertOneLine(code, error, $"{b}: measured from 12:00:31.0 UTC, after {a} had ended (12:00:30.0): agents that ran one after another never put their loads together (start them together with --start-at)");
        Assert.False(Directory.Exists(Out), "a refused merge left its --out directory (holding only its lock)");
    }

    [Fact]
    public async Task Merge_Refused_IntoADirectoryThatWasThere_LeavesItAsItWas()
    {
        Directory.CreateDirectory(Out);
        var (_, _, code, error) = await MergeTwoAgentsAsync(bStartsAfterSeconds: 31);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.True(Directory.Exists(Out), error);
    }

    [Fact]
    public async Task Merge_OneAgentOfTwo_SaysWhichIsMissing_NotStoppedEarly()
    {
        string a = BadResultsDirectory.WriteValid(Path.Combine(_root, "a"), agent: "1/2");
        var (code, _, error) = await CliRunner.RunAsync("merge", a, "--out", Out);
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("merge: 1 directory, agents 1/2,", error, StringComparison.Ordinal);
        string summary = File.ReadAllText(Path.Combine(Out, "summary.md"));
        Assert.Contains("**Partial run**: agent 2/2 not merged; figures cover the merged agents' share of the load only.", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("stopped early", summary, StringComparison.Ordinal);
        Assert.Contains("Partial run: agent 2/2 not merged", File.ReadAllText(Path.Combine(Out, "index.html")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_Help_ForceNamesNoJunitFile()
    {
        var (code, output, _) = await CliRunner.RunAsync("merge", "--help");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.DoesNotContain("--junit", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_AgentsMeasuredPartlyTogether_WarnsAndMerges()
    {
        var (_, _, code, error) = await MergeTwoAgentsAsync(bStartsAfterSeconds: 12);
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("harness: warning: the agents were measured together for only 60% of the shortest one's time", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_TwoAgents_Exit0()
    {
        string a = BadResultsDirectory.WriteValid(Path.Combine(_root, "a"), agent: "1/2");
        string b = BadResultsDirectory.WriteValid(Path.Combine(_root, "b"), agent: "2/2");
        var (code, _, error) = await CliRunner.RunAsync("merge", a, b, "--out", Out, "--no-report");
        Assert.True(code == ExitCodes.Ok, error);
        Assert.DoesNotContain("warning", error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Out, ResultsDirectory.ResultsFile)));
    }

    /// <summary>Merges agents 1/2 and 2/2, each measured for 30 s, the second starting <paramref name="bStartsAfterSeconds"/> after the first.</summary>
    private async Task<(string A, string B, int Code, string Error)> MergeTwoAgentsAsync(double bStartsAfterSeconds)
    {
        var at = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
        string a = BadResultsDirectory.WriteValid(Path.Combine(_root, "a"), agent: "1/2", measuredFrom: at);
        string b = BadResultsDirectory.WriteValid(Path.Combine(_root, "b"), agent: "2/2", measuredFrom: at.AddSeconds(bStartsAfterSeconds));
        var (code, _, error) = await CliRunner.RunAsync("merge", a, b, "--out", Out, "--no-report");
        return (a, b, code, error);
    }
}
