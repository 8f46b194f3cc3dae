using Harness.Load.Results;
using Harness.Reports.Claims;

namespace Harness.Reports.Tests.Claims;

// 400 answers at 20 ms per token, 10 of them at 40 ms: a tpot p99 claim under 30 ms fails on those 10.
public sealed class ClaimVerifierTpotPausesTests
{
    private static (RunResults Results, HistogramSet Histograms) Run(long delayedByPauses)
    {
        var histograms = new HistogramSet();
        var tpot = histograms.Get("sse", "c10", MetricNames.Tpot);
        tpot.RecordValueWithCount(20_000, 390);
        tpot.RecordValueWithCount(40_000, 10);
        var undelayed = HistogramSet.NewHistogram();
        undelayed.RecordValueWithCount(20_000, 390);
        undelayed.RecordValueWithCount(40_000, 10 - delayedByPauses);
        var pauses = new HarnessPauses
        {
            Count = 2,
            Collections = 2,
            TotalMs = 40,
            MaxMs = 30,
            TpotMeasured = 400,
            TpotDelayed = delayedByPauses,
            TpotUndelayed = HistogramSet.Summarize(undelayed, MetricNames.Tpot),
        };
        var series = new SeriesResult { Transport = "sse", LoadPoint = "c10", Requests = 400, Outcomes = new() { ["ok"] = 400 }, HarnessPauses = pauses };
        return (new RunResults { Name = "tpot", Series = [series] }, histograms);
    }

    [Theory]
    [InlineData(10, VerdictStatus.Inconclusive)] // the pauses may have lengthened each of the slow ones
    [InlineData(4, VerdictStatus.NotMet)]        // six are slow without them
    public void ATpotTail_OnlyThroughAnswersThePausesMayHaveLengthened_IsInconclusive(long delayed, VerdictStatus expected)
    {
        var (results, histograms) = Run(delayed);

        var verdict = ClaimVerifier.Verify(results, histograms, LatencyClaim.Parse("tpot p99 < 30ms")).Single();

        Assert.True(expected == verdict.Status, verdict.Reason);
        Assert.Equal(expected == VerdictStatus.Inconclusive, verdict.Reason.Contains("but without the 10 requests a pause of the harness itself (up to 30 ms) may have delayed, p99 = 20", StringComparison.Ordinal));
    }
}
