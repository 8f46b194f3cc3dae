using Harness.Clients;
using Harness.Load;
using Harness.Load.Results;
using Harness.Reports.Claims;

namespace Harness.Reports.Tests.Claims;

// Each series here has a lag p99 of 2 ms taken together and the given p99 in its second of three
// rounds: past the 5 ms threshold, only that round is saturated, and its lag is the one weighed.
public sealed class ClaimVerifierSaturationTests
{
    [Theory]
    [InlineData(106, 8, VerdictStatus.Inconclusive)] // missed by 6 ms, inside the saturated round's 8 ms
    [InlineData(110, 8, VerdictStatus.NotMet)]       // missed by 10 ms: more than the lag could add
    [InlineData(106, 4, VerdictStatus.NotMet)]       // no round saturated: the miss stands
    [InlineData(90, 8, VerdictStatus.Met)]           // the lag only makes latencies worse: met stays met
    public void ALatencyClaimMissedByNoMoreThanTheSaturatedLag_IsInconclusive(double ttftMs, double roundLagMs, VerdictStatus expected)
    {
        var (run, histograms) = ConstantTtftRun.Of(0.2, ("sse", ttftMs));
        run = SaturatedSeries.With(run, _ => true, 2, [1, roundLagMs, 1]);

        var verdict = ClaimVerifier.Verify(run, histograms, LatencyClaim.Parse("ttft p50 < 100ms")).Single();

        Assert.Equal(expected, verdict.Status);
        Assert.Equal(
            expected == VerdictStatus.Inconclusive,
            verdict.Reason.Contains("but the harness was saturated (scheduling lag p99 8 ms > 5 ms in sse c10, round 2 of 3; 2 ms over its 3 rounds taken together): its lag of 8 ms could account for the miss of 6.0", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(9_500, 8, VerdictStatus.Inconclusive)] // 950/s: a 100 ms e2e taking 108 ms would give 926/s
    [InlineData(9_000, 8, VerdictStatus.NotMet)]       // 900/s: short by more than the lag could take
    [InlineData(9_500, 4, VerdictStatus.NotMet)]       // no round saturated
    [InlineData(10_500, 8, VerdictStatus.Met)]
    public void AThroughputClaimShortByNoMoreThanTheLagsShare_IsInconclusive(long tokens, double roundLagMs, VerdictStatus expected)
    {
        var series = new SeriesResult
        {
            Transport = "sse",
            LoadPoint = "c10",
            DurationSeconds = 10,
            Requests = 100,
            Outcomes = new() { ["ok"] = 100 },
            Tokens = tokens,
            WindowTokens = tokens,
            WindowSucceeded = 100,
            Metrics = new() { [MetricNames.EndToEnd] = new MetricSummary { Count = 100, P50 = 100, P99 = 120 } },
        };
        var run = new RunResults { Name = "rate", Series = [SaturatedSeries.InRounds(series, 2, 1, roundLagMs, 1)] };

        var verdict = ClaimVerifier.Verify(run, new HistogramSet(), RequestRows.Empty, ThroughputClaim.Parse("tokens/s >= 1000")).Single();

        Assert.Equal(expected, verdict.Status);
        Assert.Equal(
            expected == VerdictStatus.Inconclusive,
            verdict.Reason.EndsWith("its lag of 8 ms on an e2e p50 of 100 ms could hold the rate down to 925.9", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(104, RequestOutcome.Ok, 8, VerdictStatus.Inconclusive)] // 8 ms lower, the 10 slow ones are good: 100%
    [InlineData(120, RequestOutcome.Ok, 8, VerdictStatus.NotMet)]       // 112 ms is still too slow
    [InlineData(104, RequestOutcome.Timeout, 8, VerdictStatus.NotMet)]  // failed requests stay failed
    [InlineData(104, RequestOutcome.Ok, 4, VerdictStatus.NotMet)]       // no round saturated
    public void AGoodputClaimTheLagCouldTurn_IsInconclusive(double slowTtftMs, RequestOutcome slowOutcome, double roundLagMs, VerdictStatus expected)
    {
        // 90 requests at 50 ms and 10 slow ones: goodput 90%, its interval below 95%.
        var rows = Enumerable.Range(0, 100).Select(i => new RequestRow
        {
            Transport = "sse",
            LoadPoint = "c10",
            TtftMs = i < 90 ? 50 : slowTtftMs,
            E2eMs = 500,
            Tokens = 10,
            Outcome = i < 90 ? RequestOutcome.Ok : slowOutcome,
        }).ToList();
        var series = new SeriesResult { Transport = "sse", LoadPoint = "c10", Requests = 100, Outcomes = new() { ["ok"] = 100 } };
        var run = new RunResults { Name = "goodput", Series = [SaturatedSeries.InRounds(series, 2, 1, roundLagMs, 1)] };

        var verdict = ClaimVerifier.Verify(run, new HistogramSet(), RequestRows.Of(rows), GoodputClaim.Parse("goodput >= 95% where ttft < 100ms")).Single();

        Assert.Equal(expected, verdict.Status);
        Assert.Equal(
            expected == VerdictStatus.Inconclusive,
            verdict.Reason.EndsWith("with each latency 8 ms lower, goodput = 100% (100 of 100) and the claim would be met", StringComparison.Ordinal));
    }
}
