using System.Globalization;
using Harness.Clients;
using Harness.Load;
using Harness.Load.Results;

namespace Harness.Reports.Claims;

/// <summary>
/// Claims on a series where the harness was saturated, judged by size: the lag only makes latencies
/// look worse and rates lower, so a verdict it could have turned is inconclusive and one it could not
/// stands. The lag is the saturated part's (the worst round of a series measured in rounds).
/// </summary>
public static partial class ClaimVerifier
{
    // A latency claim missed by no more than the lag may be met without it; a met one stays met.
    private static ClaimVerdict LatencyUnderSaturation(ClaimVerdict verdict, LatencyClaim claim, SaturationStatus saturation)
    {
        double lag = saturation.PeakLagP99Ms;
        return verdict.Status == VerdictStatus.NotMet && saturation.Saturated && verdict.EstimateMs is double estimate && estimate - claim.ThresholdMs <= lag
            ? verdict with
            {
                Status = VerdictStatus.Inconclusive,
                Reason = Invariant($"{verdict.Reason}; but the harness was saturated ({saturation.Describe()}): its lag of {lag:0.##} ms could account for the miss of {estimate - claim.ThresholdMs:0.###} ms"),
            }
            : verdict;
    }

    // Each request may have taken up to the lag longer than the endpoint made it: a rate short of the
    // limit by no more than e2e / (e2e + lag) of it may be the harness's.
    private static ClaimVerdict ThroughputUnderSaturation(ClaimVerdict verdict, ThroughputClaim claim, SeriesResult series, SaturationStatus saturation)
    {
        double lag = saturation.PeakLagP99Ms;
        if (verdict.Status != VerdictStatus.NotMet || !saturation.Saturated || verdict.Estimate is not double rate
            || series.Metrics.GetValueOrDefault(MetricNames.EndToEnd)?.P50 is not (double e2e and > 0))
        {
            return verdict;
        }

        double reachable = claim.Rate * e2e / (e2e + lag);
        return rate >= reachable
            ? verdict with
            {
                Status = VerdictStatus.Inconclusive,
                Reason = Invariant($"{verdict.Reason}; but the harness was saturated ({saturation.Describe()}): its lag of {lag:0.##} ms on an e2e p50 of {e2e:0.#} ms could hold the rate down to {reachable:0.#}"),
            }
            : verdict;
    }

    // Recounted with every request's latencies the lag lower (failed requests stay failed): when that
    // would change the verdict, the lag could account for it.
    private static ClaimVerdict GoodputUnderSaturation(ClaimVerdict verdict, GoodputClaim claim, SeriesResult series, IReadOnlyList<RequestRow> rows, SaturationStatus saturation)
    {
        if (!saturation.Saturated || rows.Count == 0)
        {
            return verdict;
        }

        double lag = saturation.PeakLagP99Ms;
        long good = rows.LongCount(r => r.Outcome == RequestOutcome.Ok && claim.IsGood(m => Lowered(r, m, lag)));
        var recounted = JudgeShare(Base(claim, series, "%", claim.Share * 100), claim.Comparison, claim.Share, good, rows.Count, "goodput");
        return recounted.Status == verdict.Status
            ? verdict
            : verdict with
            {
                Status = VerdictStatus.Inconclusive,
                Reason = Invariant($"{verdict.Reason}; but the harness was saturated ({saturation.Describe()}): with each latency {lag:0.##} ms lower, goodput = {Claim.Percent((double)good / rows.Count)} ({good} of {rows.Count}) and the claim would be {Word(recounted.Status)}"),
            };
    }

    // A moment (ttft, e2e, ...) may be late by up to the lag; tpot spreads e2e's lateness over the tokens after the first.
    private static double? Lowered(RequestRow row, string metric, double lag) => row.ValueOf(metric) is not double value
        ? null
        : Math.Max(0, value - (metric == MetricNames.Tpot ? lag / (row.Tokens - 1) : lag));

    private static string Word(VerdictStatus status) => status switch
    {
        VerdictStatus.Met => "met",
        VerdictStatus.NotMet => "not met",
        _ => "inconclusive",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
