using Harness.Load.Results;
using Harness.Reports.Claims;

namespace Harness.Reports.Tests.Claims;

// 100 requests, every answer streamed at 5 ms a token: how the failed ones reach each kind of claim.
public sealed class ClaimVerifierFailedRequestsTests
{
    private static (RunResults Results, HistogramSet Histograms) Run(long ok, long failed, long oneTokenAnswers = 0)
    {
        var histograms = new HistogramSet();
        for (long i = 0; i < ok; i++)
        {
            histograms.Get("sse", "c4", MetricNames.Ttft).RecordValue(100_000);
            if (i >= oneTokenAnswers)
            {
                histograms.Get("sse", "c4", MetricNames.Tpot).RecordValue(5_000);
                histograms.Get("sse", "c4", MetricNames.Itl).RecordValueWithCount(5_000, 4);
            }
        }

        var series = new SeriesResult { Transport = "sse", LoadPoint = "c4", Requests = ok + failed, Outcomes = new() { ["ok"] = ok, ["http_error"] = failed } };
        return (new RunResults { Name = "failing", Series = [series] }, histograms);
    }

    [Fact]
    public void ATpotClaim_CountsEachFailedRequestPastAnyLimit()
    {
        var (results, histograms) = Run(ok: 20, failed: 80);

        var verdict = ClaimVerifier.Verify(results, histograms, LatencyClaim.Parse("tpot p50 < 30ms")).Single();

        Assert.True(verdict.Status == VerdictStatus.NotMet, verdict.Reason);
        Assert.Equal(80, verdict.FailedRequests);
        Assert.Equal(100, verdict.SampleSize);
        Assert.Contains("n = 100 (80 failed, counted as over any limit)", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ATpotClaim_DoesNotCountAnswersOfOneToken_WhichHaveNoTpotAndDidNotFail()
    {
        var (results, histograms) = Run(ok: 100, failed: 0, oneTokenAnswers: 60);

        var verdict = ClaimVerifier.Verify(results, histograms, LatencyClaim.Parse("tpot p50 < 30ms")).Single();

        Assert.True(verdict.Status == VerdictStatus.Met, verdict.Reason);
        Assert.Equal(0, verdict.FailedRequests);
        Assert.Equal(40, verdict.SampleSize);
    }

    [Fact]
    public void AnItlClaim_CountsGapsOnly_AndSaysHowManyRequestsFailed()
    {
        var (results, histograms) = Run(ok: 20, failed: 80);

        var verdict = ClaimVerifier.Verify(results, histograms, LatencyClaim.Parse("itl p50 < 30ms")).Single();

        Assert.True(verdict.Status == VerdictStatus.Met, verdict.Reason);
        Assert.Equal(0, verdict.FailedRequests);
        Assert.Contains("n = 80 (80 of 100 requests failed: the gaps they streamed before failing are counted, the failures not; an errors claim judges them)", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ATtftClaim_CountsFailedRequestsAndAnswersWithoutAToken()
    {
        var (results, histograms) = Run(ok: 20, failed: 80);

        var verdict = ClaimVerifier.Verify(results, histograms, LatencyClaim.Parse("ttft p50 < 500ms")).Single();

        Assert.True(verdict.Status == VerdictStatus.NotMet, verdict.Reason);
        Assert.Contains("(80 failed or without ttft, counted as over any limit)", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AConnectClaim_CountsEachConnectionThatFailedToOpen()
    {
        var histograms = new HistogramSet();
        histograms.Get("sse", "c4", MetricNames.Connect).RecordValueWithCount(300, 20); // 0.3 ms each
        var series = new SeriesResult { Transport = "sse", LoadPoint = "c4", Requests = 100, Outcomes = new() { ["ok"] = 20, ["connect_error"] = 80 }, FailedConnects = 80 };
        var results = new RunResults { Name = "refusing", Series = [series] };

        var verdict = ClaimVerifier.Verify(results, histograms, LatencyClaim.Parse("connect p50 < 5ms")).Single();

        Assert.True(verdict.Status == VerdictStatus.NotMet, verdict.Reason);
        Assert.Contains("n = 100 (80 failed to connect, counted as over any limit)", verdict.Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// Streams cut off after a few tokens leave gaps in the ITL histogram and tokens in the window:
    /// with no request succeeding, neither may pass the endpoint (compare and load exit 1 on such a run).
    /// </summary>
    [Fact]
    public void ASeriesWithNoSuccessfulRequest_MeetsNoItlOrThroughputClaim()
    {
        var histograms = new HistogramSet();
        histograms.Get("sse", "c4", MetricNames.Itl).RecordValueWithCount(5_000, 400);
        var series = new SeriesResult
        {
            Transport = "sse",
            LoadPoint = "c4",
            DurationSeconds = 10,
            Requests = 100,
            Outcomes = new() { ["truncated"] = 100 },
            Tokens = 500,
            WindowTokens = 500,
            Metrics = new() { [MetricNames.EndToEnd] = new MetricSummary { Count = 0 } },
        };
        var results = new RunResults { Name = "cut off", Series = [series] };

        foreach (Claim claim in new Claim[] { LatencyClaim.Parse("itl p99 < 100ms"), ThroughputClaim.Parse("tokens/s >= 1") })
        {
            var verdict = ClaimVerifier.Verify(results, histograms, RequestRows.Empty, claim).Single();

            Assert.True(verdict.Status == VerdictStatus.NotMet, $"{claim.Text}: {verdict.Status}: {verdict.Reason}");
            Assert.StartsWith("every request failed (100 of 100: truncated 100): a series with no successful request meets no such claim (", verdict.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ASeriesWithOneSuccessfulRequest_IsJudgedOnItsSamples()
    {
        var (results, histograms) = Run(ok: 1, failed: 99);
        histograms.Get("sse", "c4", MetricNames.Itl).RecordValueWithCount(5_000, 400);

        var verdict = ClaimVerifier.Verify(results, histograms, LatencyClaim.Parse("itl p99 < 100ms")).Single();

        Assert.True(verdict.Status == VerdictStatus.Met, verdict.Reason);
    }
}
