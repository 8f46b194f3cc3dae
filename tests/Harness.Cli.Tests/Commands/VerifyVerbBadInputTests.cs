namespace Harness.Cli.Tests.Commands;

/// <summary><c>verify</c> on a broken results directory: one line naming the directory or file, exit 2.</summary>
public sealed class VerifyVerbBadInputTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("harness-verify-bad-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [MemberData(nameof(BadResultsDirectory.SummaryCorruptions), MemberType = typeof(BadResultsDirectory))]
    public async Task Verify_BrokenResults_OneLineExit2(string corruption)
    {
        string dir = BadResultsDirectory.Write(Path.Combine(_root, corruption), corruption);
        var (code, _, error) = await CliRunner.RunAsync("verify", "--claim", "ttft p50 < 1s", dir);
        BadResultsDirectory.AssertOneLine(code, error, dir);
    }

    [Theory]
    [InlineData("--claim", "ttft p95 fast")]
    [InlineData("--claim", "ttft p101 < 5ms")]
    [InlineData("--resamples", "5")]
    [InlineData("--resamples", "999999999")] // ran for minutes
    [InlineData("--junit", "/proc/x/junit.xml")]
    [InlineData("--junit", "/tmp")]
    [InlineData("--transport", "carrier-pigeon")]
    [InlineData("--duration", "1s")]
    public async Task Verify_BadOption_OneLineNamingIt_Exit2(string option, string value)
    {
        string dir = BadResultsDirectory.WriteValid(Path.Combine(_root, Guid.NewGuid().ToString("N")));
        string[] claim = option == "--claim" ? [] : ["--claim", "ttft p50 < 1s"];
        var (code, _, error) = await CliRunner.RunAsync(["verify", .. claim, option, value, dir]);
        BadResultsDirectory.AssertOneLine(code, error, option);
    }

    [Fact]
    public async Task Verify_TheSameClaimTwice_HoweverWritten_IsRefused()
    {
        // Both would be one JUnit case, named by the canonical form.
        string dir = BadResultsDirectory.WriteValid(Path.Combine(_root, "twice"));
        var (code, _, error) = await CliRunner.RunAsync("verify", "--claim", "ttft p50 < 60ms", "--claim", "TTFT p50<60ms", dir);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("harness: --claim: 'TTFT p50<60ms' is 'ttft p50 < 60ms' again (ttft p50 < 60 ms): give each claim once", error.TrimEnd());
    }

    [Theory]
    [InlineData("c10")]
    [InlineData("r5")]
    public async Task Verify_LoadPointNotInTheResults_NamesTheOnesThere(string point)
    {
        string dir = BadResultsDirectory.WriteValid(Path.Combine(_root, "points"));
        var (code, _, error) = await CliRunner.RunAsync("verify", "--claim", "ttft p50 < 1s", "--load-point", point, dir);
        BadResultsDirectory.AssertOneLine(code, error, $"--load-point {point}: no such load point in {dir} (has c1)");
        Assert.False(File.Exists(Path.Combine(dir, "verdicts.json")), "verdicts were written for nothing");
    }

    [Fact]
    public async Task Verify_LoadPointWithNoRequests_NamesTheOnesWithRequests()
    {
        string dir = Path.Combine(_root, "empty-series");
        var histograms = new Harness.Load.Results.HistogramSet();
        var ttft = histograms.Get("sse", "c1", Harness.Load.Results.MetricNames.Ttft);
        for (int i = 0; i < 30; i++)
        {
            Harness.Load.Results.HistogramSet.Record(ttft, TimeSpan.FromMilliseconds(80 + i));
        }

        var results = new Harness.Load.Results.RunResults
        {
            Name = "empty-series",
            Model = "fake",
            Agents = ["1/1"],
            Series =
            [
                new Harness.Load.Results.SeriesResult { Transport = "sse", LoadPoint = "c1", Requests = 30, Outcomes = new() { ["ok"] = 30 }, Metrics = new() { [Harness.Load.Results.MetricNames.Ttft] = Harness.Load.Results.HistogramSet.Summarize(ttft, Harness.Load.Results.MetricNames.Ttft) } },
                new Harness.Load.Results.SeriesResult { Transport = "sse", LoadPoint = "c500", Requests = 0, Outcomes = new(), Metrics = new() },
            ],
        };
        Harness.Load.ResultsFiles.Write(dir, results, histograms, [], []);

        var (code, _, error) = await CliRunner.RunAsync("verify", "--claim", "ttft p50 < 1s", "--load-point", "c500", dir);
        BadResultsDirectory.AssertOneLine(code, error, "--load-point c500: its series in");
        Assert.Contains("measured no request", error, StringComparison.Ordinal);
        Assert.Contains("(load points with requests: c1)", error, StringComparison.Ordinal);

        var judged = await CliRunner.RunAsync("verify", "--claim", "ttft p50 < 1s", "--load-point", "c1", dir);
        Assert.True(judged.ExitCode == ExitCodes.Ok, judged.Error);

        // No series measured anything: said once, not "no series … measured no request".
        string none = Path.Combine(_root, "no-requests");
        Harness.Load.ResultsFiles.Write(none, results with { Series = [results.Series[1]] }, new Harness.Load.Results.HistogramSet(), [], []);
        var (noneCode, _, noneError) = await CliRunner.RunAsync("verify", "--claim", "ttft p50 < 1s", none);
        BadResultsDirectory.AssertOneLine(noneCode, noneError, $"no series in {none} measured a request, so there is nothing to judge");
    }

    [Fact]
    public async Task Verify_ValidResults_StillJudged()
    {
        string dir = BadResultsDirectory.WriteValid(Path.Combine(_root, "ok"));
        var (code, output, error) = await CliRunner.RunAsync("verify", "--claim", "ttft p50 < 1s", dir);
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("met", output, StringComparison.Ordinal);
    }
}
