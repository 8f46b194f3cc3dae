using Harness.Cli;
using Harness.Load.Results;
using Harness.Reports;
using Harness.Reports.Claims;

namespace Harness.Cli.Tests.Commands;

public sealed class VerifyVerbTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task TtftAround100ms_Under50ms_Exits1_Under150ms_Exits0()
    {
        string dir = new SyntheticResults { RequestsPerSeries = 100 }.WriteToTemp();
        var notMet = await RunAsync("verify", "--claim", "ttft p50 < 50ms", dir);
        Assert.Equal(1, notMet.Code);
        Assert.Contains("verdict: NOT met", notMet.Out, StringComparison.Ordinal);
        Assert.Contains("n = 100", notMet.Out, StringComparison.Ordinal);
        Assert.Contains("95% CI", notMet.Out, StringComparison.Ordinal);
        Assert.Contains("network round trip", notMet.Out, StringComparison.Ordinal);

        var met = await RunAsync("verify", "--claim", "ttft p50 < 150ms", dir);
        Assert.Equal(0, met.Code);
        Assert.Contains("verdict: met", met.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APartialRun_IsJudged_WithAWarningThatItIsPartial()
    {
        string whole = new SyntheticResults { RequestsPerSeries = 100 }.WriteToTemp();
        string partial = new SyntheticResults { RequestsPerSeries = 100, Partial = true }.WriteToTemp();

        var quiet = await RunAsync("verify", "--claim", "ttft p50 < 150ms", whole);
        var warned = await RunAsync("verify", "--claim", "ttft p50 < 150ms", partial);

        Assert.DoesNotContain("partial run", quiet.Err, StringComparison.Ordinal);
        Assert.Contains("harness: warning: " + partial + " is a partial run (stopped early)", warned.Err, StringComparison.Ordinal);
        Assert.Equal(0, warned.Code);
    }

    /// <summary>
    /// Results that cannot take verdicts.json (read-only, a CI artifact; here a directory in its
    /// place, which root cannot write either): one warning, the JUnit file still written, and the
    /// verdicts' exit code. Before: exit 2 naming a temporary file, and no JUnit.
    /// </summary>
    [Fact]
    public async Task VerdictsJsonNotWritable_IsAWarning_TheJUnitAndExitCodeStand()
    {
        string dir = new SyntheticResults { RequestsPerSeries = 100 }.WriteToTemp();
        Directory.CreateDirectory(Path.Combine(dir, VerdictFile.FileName));
        string junit = Path.Combine(Directory.CreateTempSubdirectory("verify-junit-").FullName, "v.xml");

        var notMet = await RunAsync("verify", "--claim", "ttft p50 < 50ms", "--junit", junit, dir);

        Assert.True(notMet.Code == ExitCodes.Failed, notMet.Err);
        Assert.Single(notMet.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"harness: warning: {Path.Combine(dir, VerdictFile.FileName)} not written (", notMet.Err, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", notMet.Err, StringComparison.Ordinal);
        Assert.Contains("verdicts.json not written, JUnit " + junit, notMet.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(junit));
    }

    [Fact]
    public async Task RunOptions_WithAResultsDir_AreAUsageError()
    {
        string dir = new SyntheticResults { RequestsPerSeries = 20, Transports = ["sse"], Concurrencies = [1] }.WriteToTemp();
        var result = await RunAsync("verify", "--claim", "ttft p50 < 1s", "--duration", "5s", dir);
        Assert.Equal(ExitCodes.Usage, result.Code);
        Assert.Contains("--duration is a run option", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeveralClaims_AreAllJudged_WrittenToVerdictsJson_AndShownInTheReport()
    {
        string dir = new SyntheticResults { RequestsPerSeries = 100 }.WriteToTemp();
        var result = await RunAsync("verify", "--claim", "ttft p50 < 150ms", "--claim", "e2e p99.9 < 10s", "--transport", "ws", dir);
        // p99.9 from 100 samples cannot be judged: the call as a whole is inconclusive.
        Assert.Equal(ExitCodes.Inconclusive, result.Code);
        var file = VerdictFile.Read(dir)!;
        Assert.Equal(VerdictStatus.Inconclusive, file.Overall);
        Assert.Equal(6, file.Verdicts.Count);
        Assert.All(file.Verdicts, v => Assert.Equal("ws", v.Transport));

        string index = await ReportWriter.WriteAsync(dir);
        string html = File.ReadAllText(index);
        Assert.Contains("id=\"verdicts\"", html, StringComparison.Ordinal);
        Assert.Contains("e2e p99.9 &lt; 10s", html, StringComparison.Ordinal);
        Assert.Contains("`ttft p50 < 150ms`", File.ReadAllText(Path.Combine(dir, ReportWriter.MarkdownFile)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ttft p95 > 50ms", "cannot read claim")]
    [InlineData("latency p95 < 50ms", "unknown metric")]
    public async Task BadClaim_IsAOneLineUsageError(string claim, string expected)
    {
        string dir = new SyntheticResults { RequestsPerSeries = 20, Transports = ["sse"], Concurrencies = [1] }.WriteToTemp();
        var result = await RunAsync("verify", "--claim", claim, dir);
        Assert.Equal(ExitCodes.Usage, result.Code);
        Assert.Contains(expected, result.Err, StringComparison.Ordinal);
        Assert.Single(result.Err.Trim().Split('\n'));
    }

    [Fact]
    public async Task NotAResultsDirectory_OrUnknownTransport_IsAUsageError()
    {
        var missing = await RunAsync("verify", "--claim", "ttft p50 < 1s", Path.GetTempPath());
        Assert.Equal(ExitCodes.Usage, missing.Code);
        Assert.Contains("not a results directory", missing.Err, StringComparison.Ordinal);

        string dir = new SyntheticResults { RequestsPerSeries = 20, Transports = ["sse"], Concurrencies = [1] }.WriteToTemp();
        var unknown = await RunAsync("verify", "--claim", "ttft p50 < 1s", "--transport", "ws", dir);
        Assert.Equal(ExitCodes.Usage, unknown.Code);
        Assert.Contains("no such series", unknown.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportVerb_PrintsTheIndexPath()
    {
        string dir = new SyntheticResults { RequestsPerSeries = 20, Transports = ["sse", "ws"], Concurrencies = [1] }.WriteToTemp();
        var result = await RunAsync("report", dir);
        Assert.Equal(0, result.Code);
        Assert.Equal(Path.GetFullPath(Path.Combine(dir, "index.html")), result.Out.Trim());
        Assert.True(File.Exists(result.Out.Trim()));
    }

    [Theory]
    [InlineData("ttft p50 < 100ms", ExitCodes.Inconclusive, "<error")] // missed by 6 ms: inside round 2's 8 ms lag
    [InlineData("ttft p50 < 95ms", ExitCodes.Failed, "<failure")]      // missed by 11 ms: the lag cannot account for it
    public async Task OnASaturatedSeries_AMissTheLagCouldAccountFor_ExitsInconclusive_AndIsAJUnitError(string claim, int expected, string element)
    {
        string dir = SaturatedRun(ttftMs: 106, roundLagsMs: [1, 8, 1]);
        string junit = Path.Combine(dir, "verify.xml");

        var result = await RunAsync("verify", "--claim", claim, "--junit", junit, dir);

        Assert.Equal(expected, result.Code);
        Assert.Contains(element, File.ReadAllText(junit), StringComparison.Ordinal);
        Assert.Equal(expected == ExitCodes.Inconclusive, result.Out.Contains("its lag of 8 ms could account for the miss", StringComparison.Ordinal));
    }

    // One series, sse c10: 500 first tokens at ttftMs, its lag p99 2 ms over its rounds together and as given in each.
    private static string SaturatedRun(double ttftMs, double[] roundLagsMs)
    {
        var histograms = new HistogramSet();
        for (int i = 0; i < 500; i++)
        {
            HistogramSet.Record(histograms.Get("sse", "c10", MetricNames.Ttft), TimeSpan.FromMilliseconds(ttftMs));
            HistogramSet.Record(histograms.Get("sse", "c10", MetricNames.StartDelay), TimeSpan.FromMilliseconds(2));
        }

        var series = new SeriesResult
        {
            Transport = "sse",
            LoadPoint = "c10",
            Concurrency = 10,
            DurationSeconds = 10,
            Requests = 500,
            Outcomes = new() { ["ok"] = 500 },
            Metrics = histograms.SummariesOf("sse", "c10"),
            Rounds = [.. roundLagsMs.Select((lag, i) => new RoundResult { Round = i + 1, Metrics = new() { [MetricNames.StartDelay] = new MetricSummary { Count = 100, P99 = lag } } })],
        };
        var results = new RunResults { Name = "saturated", StartedUtc = DateTimeOffset.UnixEpoch, Series = [series], Saturation = SaturationStatus.Of([series], 5) };
        string dir = Directory.CreateTempSubdirectory("verify-saturated-").FullName;
        ResultsDirectory.Write(dir, results, histograms);
        return dir;
    }
}
