using Harness.Load.Results;
using Harness.Reports.Claims;

namespace Harness.Reports.Tests.Claims;

// 400 samples at 20 ms, 10 of them at 40 ms: a p99 claim under 30 ms fails on those 10, unless the
// harness's own pauses may have lengthened them.
public sealed class ClaimVerifierPausedSamplesTests
{
    private static (RunResults Results, HistogramSet Histograms) Run(string metric, long delayedByPauses)
    {
        var histograms = new HistogramSet();
        var recorded = histograms.Get("sse", "c10", metric);
        recorded.RecordValueWithCount(20_000, 390);
        recorded.RecordValueWithCount(40_000, 10);
        var undelayed = HistogramSet.NewHistogram();
        undelayed.RecordValueWithCount(20_000, 390);
        undelayed.RecordValueWithCount(40_000, 10 - delayedByPauses);
        var summary = HistogramSet.Summarize(undelayed, metric);
        var pauses = new HarnessPauses { Count = 2, Collections = 2, TotalMs = 40, MaxMs = 30 };
        pauses = metric switch
        {
            MetricNames.Tpot => pauses with { TpotMeasured = 400, TpotDelayed = delayedByPauses, TpotUndelayed = summary },
            MetricNames.Connect => pauses with { ConnectMeasured = 400, ConnectDelayed = delayedByPauses, ConnectUndelayed = summary },
            _ => pauses with { TlsMeasured = 400, TlsDelayed = delayedByPauses, TlsUndelayed = summary },
        };
        var series = new SeriesResult { Transport = "sse", LoadPoint = "c10", Requests = 400, Outcomes = new() { ["ok"] = 400 }, HarnessPauses = pauses };
        return (new RunResults { Name = metric, Series = [series] }, histograms);
    }

    [Theory]
    [InlineData(MetricNames.Tpot, 10, VerdictStatus.Inconclusive, "requests")] // the pauses may have lengthened each of the slow ones
    [InlineData(MetricNames.Tpot, 4, VerdictStatus.NotMet, "")]                // six are slow without them
    [InlineData(MetricNames.Connect, 10, VerdictStatus.Inconclusive, "connections")]
    [InlineData(MetricNames.Connect, 4, VerdictStatus.NotMet, "")]
    [InlineData(MetricNames.Tls, 10, VerdictStatus.Inconclusive, "connections")]
    public void ATail_OnlyThroughSamplesThePausesMayHaveLengthened_IsInconclusive(string metric, long delayed, VerdictStatus expected, string what)
    {
        var (results, histograms) = Run(metric, delayed);

        var verdict = ClaimVerifier.Verify(results, histograms, LatencyClaim.Parse(metric + " p99 < 30ms")).Single();

        Assert.True(expected == verdict.Status, verdict.Reason);
        Assert.Equal(expected == VerdictStatus.Inconclusive, verdict.Reason.Contains($"but without the 10 {what} a pause of the harness itself (up to 30 ms) may have delayed, p99 = 20", StringComparison.Ordinal));
    }
}
