using Harness.Load;
using Harness.Load.Results;
using Harness.Reports.Decision;

namespace Harness.Reports.Tests.Decision;

/// <summary>
/// Failures come before latency: a transport that failed requests is never called faster on the
/// latency of what it did deliver, and the answer leads with who failed more.
/// </summary>
public sealed class FailuresDecisionTests
{
    [Fact]
    public void ATransportThatFailedEveryRequest_IsNeverCalledFaster_AndTheAnswerLeadsWithItsFailures()
    {
        // WebSocket streamed 10 ms gaps before each of its requests failed; SSE 20 ms gaps, all ok.
        var decision = Decide(("sse", 200, 0, 100, 20), ("ws", 0, 200, 100, 10));
        var c10 = decision.LoadPoints.Single();

        Assert.DoesNotContain(c10.Metrics, m => m.Fastest == "ws" && m.Others.Any(o => o.Detectable));
        var itl = c10.Metrics.Single(m => m.Metric == "itl" && m.Percentile == 50);
        Assert.StartsWith("not decided: WebSocket failed 200 of 200 requests; its ITL counts only the gaps it streamed (10.0 ms below SSE (HTTP/1.1))", itl.Answer, StringComparison.Ordinal);
        Assert.Equal([UndecidedReason.Failures], itl.Undecided);
        // No first token at all: the cell says why, not a bare "not measured".
        var ttft = c10.Metrics.Single(m => m.Metric == "ttft" && m.Percentile == 50);
        Assert.False(ttft.Measured);
        Assert.Equal("not measured in WebSocket (it failed every request, 200 of 200: server_error 200)", ttft.Answer);
        Assert.Equal(["ws"], c10.Errors!.Worse);
        Assert.Equal("WebSocket failed 200 of 200 requests (server_error 200; first: HTTP 500 from the server): more than SSE (HTTP/1.1) 0 of 200 (95% Wilson intervals 98.1–100% against 0–1.9%)", c10.Errors.Answer);
        Assert.StartsWith("In short: WebSocket failed 200 of 200 requests at c10 against SSE (HTTP/1.1)'s 0 of 200; no transport faster in any of the ", DecisionSection.InShort(decision), StringComparison.Ordinal);
        string md = DecisionSection.Markdown(decision);
        Assert.Contains("| load | errors | TTFT p50 |", md, StringComparison.Ordinal);
        Assert.Contains("| c10 (10 concurrent) | **WebSocket failed 200 of 200 requests", md, StringComparison.Ordinal);
    }

    [Fact]
    public void FailuresCountAsSlowerThanAnySuccess_SoATailAmongThemIsNeverWonOnTheSuccessesAlone()
    {
        // WebSocket 10 ms faster on its successes, but 25 of 500 (5%) failed; SSE none.
        var decision = Decide(("sse", 500, 0, 110, 20), ("ws", 475, 25, 100, 10));
        var c10 = decision.LoadPoints.Single();

        // At the median the failures change nothing: WebSocket's first tokens are earlier counting them.
        var p50 = c10.Metrics.Single(m => m.Metric == "ttft" && m.Percentile == 50);
        Assert.StartsWith("WebSocket faster than SSE (HTTP/1.1) by ", p50.Answer, StringComparison.Ordinal);
        Assert.InRange(p50.Others.Single().DifferenceMs!.Value, 9, 11);
        // Its p99 lies among the failed requests: SSE is faster there, by more than any figure WebSocket has.
        var p99 = c10.Metrics.Single(m => m.Metric == "ttft" && m.Percentile == 99);
        Assert.Equal("sse", p99.Fastest);
        Assert.Equal("SSE (HTTP/1.1) faster than WebSocket by more than any figure it has (its percentile falls among its failed requests)", p99.Answer);
        Assert.Null(p99.Others.Single().DifferenceMs);
        // Gaps between tokens have no sample for a failure: a transport that failed wins none.
        Assert.StartsWith("not decided: WebSocket failed 25 of 500 requests; its ITL counts only the gaps it streamed", c10.Metrics.Single(m => m.Metric == "itl" && m.Percentile == 50).Answer, StringComparison.Ordinal);
        Assert.Equal(["ws"], c10.Errors!.Worse);
    }

    [Fact]
    public void AFewFailuresEach_NoDetectableDifferenceInErrorRate()
    {
        var decision = Decide(("sse", 500, 0, 110, 20), ("ws", 497, 3, 100, 20));

        var errors = decision.LoadPoints.Single().Errors!;
        Assert.Empty(errors.Worse);
        Assert.Equal("no detectable difference in error rate (SSE (HTTP/1.1) 0 of 500, WebSocket 3 of 500 failed)", errors.Answer);
        Assert.DoesNotContain("failed 3 of 500 requests at c10", DecisionSection.InShort(decision), StringComparison.Ordinal);
    }

    [Fact]
    public void AFasterTransportWithoutFailures_IsCalledFaster_ThoughTheSlowerFailedSome()
    {
        // Counting the slower one's failures as infinitely slow only widens the gap.
        var decision = Decide(("sse", 500, 0, 100, 20), ("ws", 450, 50, 110, 20));
        var c10 = decision.LoadPoints.Single();

        var ttft = c10.Metrics.Single(m => m.Metric == "ttft" && m.Percentile == 50);
        Assert.True(ttft.Decided, ttft.Answer);
        Assert.StartsWith("SSE (HTTP/1.1) faster than WebSocket by ", ttft.Answer, StringComparison.Ordinal);
        Assert.InRange(ttft.Others.Single().DifferenceMs!.Value, 9, 11);
        Assert.Equal(["ws"], c10.Errors!.Worse);
    }

    [Fact]
    public void NoFailures_NoErrorsColumn()
    {
        var decision = Decide(("sse", 200, 0, 100, 20), ("ws", 200, 0, 110, 20));

        Assert.Equal("none failed", decision.LoadPoints.Single().Errors!.Answer);
        Assert.Contains("| load | TTFT p50 |", DecisionSection.Markdown(decision), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryRequestFailed_TheReportSaysSoAtItsTop_WithTheFirstFailure()
    {
        var (run, histograms) = Run(("sse", 0, 300, 100, 20), ("ws", 0, 100, 100, 20));
        run = run with { Saturation = new SaturationStatus { LagP99Ms = 30, ThresholdMs = 5, Saturated = true } };
        string dir = Directory.CreateTempSubdirectory("decision-failed-").FullName;
        ResultsFiles.Write(dir, run, histograms, [], []);
        var data = ReportData.Read(dir);

        var summary = ReportWriter.Summarize(data);
        string md = MarkdownSummary.Render(summary, data);

        const string Failed = "every request failed (400 of 400: server_error 400; first: HTTP 500 from the server)";
        Assert.Equal(Failed, summary.FailureWarning);
        Assert.Equal($"In short: not decided at all: {Failed}.", DecisionSection.InShort(summary.Decision!));
        int failedAt = md.IndexOf("The run failed: " + Failed, StringComparison.Ordinal);
        Assert.True(failedAt > 0 && failedAt < md.IndexOf("In short", StringComparison.Ordinal), md);
        // The failure is the headline alone: instant failures build the lag, and no latency was recorded for it to skew.
        Assert.DoesNotContain(ReportWriter.SaturatedWarning, md, StringComparison.Ordinal);
        string html = HtmlReport.Render(summary, data, []);
        Assert.True(html.IndexOf("The run failed: " + Failed, StringComparison.Ordinal) is > 0 and var at && at < html.IndexOf("<section id=\"decision\">", StringComparison.Ordinal), "the failure comes before the answer");
    }

    private static TransportDecision Decide(params (string Transport, int Ok, int Failed, double TtftMs, double ItlMs)[] transports)
    {
        var (run, histograms) = Run(transports);
        string dir = Directory.CreateTempSubdirectory("decision-failures-").FullName;
        ResultsDirectory.Write(dir, run, histograms);
        return TransportDecider.Decide(ReportData.Read(dir));
    }

    // Every request streams 5 gaps of ItlMs (a failed one before it fails); those ok have a TTFT and an e2e.
    private static (RunResults Results, HistogramSet Histograms) Run(params (string Transport, int Ok, int Failed, double TtftMs, double ItlMs)[] transports)
    {
        var histograms = new HistogramSet();
        var series = new List<SeriesResult>();
        foreach (var (transport, ok, failed, ttft, itl) in transports)
        {
            var random = new Random(5);
            for (int i = 0; i < ok + failed; i++)
            {
                for (int k = 0; k < 5; k++)
                {
                    HistogramSet.Record(histograms.Get(transport, "c10", MetricNames.Itl), TimeSpan.FromMilliseconds(itl + (random.NextDouble() * 0.5)));
                }

                if (i < ok)
                {
                    HistogramSet.Record(histograms.Get(transport, "c10", MetricNames.Ttft), TimeSpan.FromMilliseconds(ttft + (random.NextDouble() * 0.5)));
                    HistogramSet.Record(histograms.Get(transport, "c10", MetricNames.EndToEnd), TimeSpan.FromMilliseconds(ttft + (5 * itl) + (random.NextDouble() * 0.5)));
                }
            }

            series.Add(new SeriesResult
            {
                Transport = transport,
                LoadPoint = "c10",
                Concurrency = 10,
                Requests = ok + failed,
                Outcomes = failed == 0 ? new() { ["ok"] = ok } : new() { ["ok"] = ok, ["server_error"] = failed },
                FirstFailure = failed == 0 ? null : "server_error: HTTP 500 from the server",
            });
        }

        return (new RunResults { Name = "failures", StartedUtc = DateTimeOffset.UnixEpoch, Series = series, Saturation = new SaturationStatus { LagP99Ms = 0.2, ThresholdMs = 5 } }, histograms);
    }
}
