namespace Harness.Reports.Tests;

public sealed class PartialRunNoteTests
{
    [Fact]
    public void AnInterruptedRun_NamesItsStoppedRequests_WhichRequestsCountsButErrorsDoesNot()
    {
        string dir = new SyntheticResults { RequestsPerSeries = 20, Partial = true, Transports = ["sse", "ws"], Concurrencies = [10] }.WriteToTemp();
        var data = ReportData.Read(dir);
        var ws = data.Results.Series.Single(s => s.Transport == "ws");
        data.Results.Series[data.Results.Series.IndexOf(ws)] = ws with { Outcomes = new() { ["ok"] = 10, ["stopped"] = 10 } };
        var summary = ReportWriter.Summarize(data);

        string md = MarkdownSummary.Render(summary, data);

        Assert.Contains("> **Partial run**: stopped early (10 requests cut off and counted as stopped: in requests, but neither ok nor errors); figures cover what was measured.", md, StringComparison.Ordinal);
        Assert.Contains("Stopped: 10 requests cut off by the interruption, counted in requests but neither as ok nor as errors.", md, StringComparison.Ordinal);
        Assert.Contains("Partial run: stopped early (10 requests cut off", HtmlReport.Render(summary, data, []), StringComparison.Ordinal);
    }

    private const string Refused = "every one of the 20 warm-up requests failed (connect_error 20; first: connection refused (127.0.0.1:9))";

    [Fact]
    public void ASeriesStoppedBecauseItsEndpointCannotServe_IsNamedWithWhy_NotCalledInterrupted()
    {
        var (summary, data) = Run(stopSse: true, failWs: false);

        string md = MarkdownSummary.Render(summary, data);

        Assert.Null(summary.FailureWarning);
        Assert.Contains($"> **Partial run**: stopped early: sse c10: {Refused}; nothing measured; a stopped transport ran no further series, the others ran in full.", md, StringComparison.Ordinal);
        Assert.Contains($"Partial run: stopped early: sse c10: {System.Net.WebUtility.HtmlEncode(Refused)}", HtmlReport.Render(summary, data, []), StringComparison.Ordinal);
    }

    [Fact]
    public void ARunThatFailedWhole_HasOneBanner_NeitherPartialNorSaturated()
    {
        var (summary, data) = Run(stopSse: true, failWs: true, saturated: true);

        string md = MarkdownSummary.Render(summary, data);
        string html = HtmlReport.Render(summary, data, []);

        Assert.StartsWith("stopped early: ", summary.FailureWarning, StringComparison.Ordinal);
        Assert.True(summary.Saturation.Saturated, "results keep the saturation as measured");
        Assert.Null(summary.SaturationWarning);
        Assert.Contains("**The run failed: stopped early: sse c10: ", md, StringComparison.Ordinal);
        Assert.DoesNotContain("Partial run", md, StringComparison.Ordinal);
        Assert.DoesNotContain(ReportWriter.SaturatedWarning, md, StringComparison.Ordinal);
        Assert.DoesNotContain("Partial run", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"saturation\"", html, StringComparison.Ordinal);
    }

    private static (ReportSummary Summary, ReportData Data) Run(bool stopSse, bool failWs, bool saturated = false)
    {
        string dir = new SyntheticResults { RequestsPerSeries = 20, Partial = stopSse, Saturated = saturated, Transports = ["sse", "ws"], Concurrencies = [10] }.WriteToTemp();
        var data = ReportData.Read(dir);
        var series = data.Results.Series;
        int sse = series.FindIndex(s => s.Transport == "sse"), ws = series.FindIndex(s => s.Transport == "ws");
        if (stopSse)
        {
            series[sse] = series[sse] with { Requests = 0, Outcomes = [], StoppedBecause = Refused };
        }

        if (failWs)
        {
            series[ws] = series[ws] with { Outcomes = new() { ["http_error"] = series[ws].Requests } };
        }

        return (ReportWriter.Summarize(data), data);
    }
}
