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
}
