using System.Globalization;
using Harness.Clients;
using Harness.Core.Schedule;
using Harness.Load.Overhead;
using Harness.Load.Results;
using Harness.Reports.Claims;
using Harness.Reports.Diff;

namespace Harness.Reports.Overhead;

/// <summary>
/// Judges an overhead run: per metric and percentile, via − direct with the bootstrap 95% interval
/// of a difference of percentiles (<see cref="PercentileDifference"/>, the one used by <c>diff</c>),
/// the median of the pairs' own differences, and latency claims on the overhead.
/// </summary>
public static class OverheadAnalysis
{
    /// <summary>How the figures and verdicts are computed, shown wherever an overhead is.</summary>
    public const string Method =
        "overhead = via − direct per metric and percentile, from the successful requests of each endpoint; 95% bootstrap "
        + "interval from both HdrHistograms (independent seeded resamples of each). Paired: the median of each pair's own "
        + "difference with its sign-test 95% interval. A claim is met when the whole interval satisfies it, not met when "
        + "none of it does, each by more than the histograms' value step there (to which each side is read), inconclusive "
        + "otherwise or with too few samples (each side at least 10 and 3 above the percentile). A pair where only the "
        + "relay failed is the relay's failure: with any, no claim is met.";

    /// <summary>Judges <paramref name="samples"/>.</summary>
    public static OverheadReport Analyse(OverheadSamples samples, OverheadOptions options)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(options);
        var metrics = new List<OverheadMetric>();
        foreach (string metric in OverheadSamples.Metrics)
        {
            var direct = samples.Direct.Histogram(metric);
            var via = samples.Via.Histogram(metric);
            if (direct.TotalCount == 0 && via.TotalCount == 0)
            {
                continue; // Neither side measured it (connect on warm connections): nothing to say.
            }

            var bd = new HistogramBootstrap(direct);
            var bv = new HistogramBootstrap(via);
            metrics.Add(new OverheadMetric
            {
                Metric = metric,
                DirectCount = direct.TotalCount,
                ViaCount = via.TotalCount,
                ScheduleMs = options.Schedule is { } schedule ? ScheduleMs(schedule, metric) : null,
                Percentiles = [.. options.Percentiles.Select(p => Percentile(bd, bv, p, options))],
                Paired = PairedMedian.Of(samples.PairedDifferences(metric)),
            });
        }

        var verdicts = options.Claims.Select(c => Judge(c, samples, options)).ToList();
        return new OverheadReport
        {
            Direct = options.Direct,
            Via = options.Via,
            Transport = samples.Transport.ToName(),
            LoadPoint = samples.LoadPoint,
            Connections = samples.Connections,
            DurationSeconds = samples.Elapsed.TotalSeconds,
            Pairs = samples.Pairs,
            ViaFirstPairs = samples.ViaFirstPairs,
            SkippedPairs = samples.SkippedPairs,
            Partial = samples.Partial,
            Pauses = samples.Pauses,
            PairsDelayed = samples.PairsDelayed,
            Resolution = samples.Resolution,
            ViaOnlyFailures = samples.ViaOnlyFailures,
            DirectOnlyFailures = samples.DirectOnlyFailures,
            BothFailed = samples.BothFailed,
            DirectOutcomes = samples.Direct.Outcomes,
            ViaOutcomes = samples.Via.Outcomes,
            Schedule = options.Schedule?.ToCompactString(),
            Metrics = metrics,
            Claims = verdicts,
            Overall = verdicts.Count == 0 ? null : ClaimVerifier.Combine(verdicts),
            Method = Method,
            Seed = options.Seed,
            Resamples = options.Resamples,
        };
    }

    /// <summary>
    /// What the fake's schedule makes a metric, ms: TTFT is the first event's due time, ITL the median
    /// gap between events, e2e the last event's due time (request 0's draws for a random schedule).
    /// Null for connect and TTFB, which the schedule does not set.
    /// </summary>
    public static double? ScheduleMs(TokenSchedule schedule, string metric)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var chunks = schedule.Chunks(0);
        return metric switch
        {
            MetricNames.Ttft => chunks[0].Offset.TotalMilliseconds,
            MetricNames.EndToEnd => chunks[^1].Offset.TotalMilliseconds,
            MetricNames.Itl when chunks.Count > 1 => PairedMedian.Of([.. chunks.Skip(1).Select((c, i) => (c.Offset - chunks[i].Offset).TotalMilliseconds)]).MedianMs,
            _ => null,
        };
    }

    private static OverheadPercentile Percentile(HistogramBootstrap direct, HistogramBootstrap via, double percentile, OverheadOptions options)
    {
        long minimum = ClaimVerifier.MinimumSamples(percentile);
        var row = new OverheadPercentile
        {
            Percentile = percentile,
            MinimumSamples = minimum,
            Enough = direct.Count >= minimum && via.Count >= minimum,
            DirectMs = direct.Count > 0 ? direct.ValueAtPercentile(percentile) / 1000.0 : null,
            ViaMs = via.Count > 0 ? via.ValueAtPercentile(percentile) / 1000.0 : null,
        };
        if (direct.Count == 0 || via.Count == 0)
        {
            return row;
        }

        var d = PercentileDifference.Estimate(direct, via, percentile, options.Resamples, options.Seed).Scale(0.001);
        return row with { OverheadMs = d.Estimate, CiLowMs = d.Low, CiHighMs = d.High };
    }

    private static ClaimVerdict Judge(LatencyClaim claim, OverheadSamples samples, OverheadOptions options)
    {
        var directHistogram = samples.Direct.Histogram(claim.Metric);
        var viaHistogram = samples.Via.Histogram(claim.Metric);
        var direct = new HistogramBootstrap(directHistogram);
        var via = new HistogramBootstrap(viaHistogram);
        long minimum = ClaimVerifier.MinimumSamples(claim.Percentile);
        long relayFailures = samples.ViaOnlyFailures, upstreamFailures = samples.DirectOnlyFailures;
        var verdict = new ClaimVerdict
        {
            Claim = claim.Text,
            Metric = claim.Metric,
            Percentile = claim.Percentile,
            ThresholdMs = claim.ThresholdMs,
            Transport = samples.Transport.ToName(),
            LoadPoint = samples.LoadPoint,
            Status = VerdictStatus.Inconclusive,
            Reason = string.Empty,
            SampleSize = Math.Min(direct.Count, via.Count),
            MinimumSamples = minimum,
            FailedRequests = relayFailures,
            Resamples = options.Resamples,
            Seed = options.Seed,
        };
        string range = string.Empty;
        if (direct.Count > 0 && via.Count > 0)
        {
            var d = PercentileDifference.Estimate(direct, via, claim.Percentile, options.Resamples, options.Seed).Scale(0.001);
            verdict = verdict with { EstimateMs = d.Estimate, CiLowMs = d.Low, CiHighMs = d.High };
            range = Invariant($"overhead {claim.PercentileLabel} {d.Estimate:+0.###;-0.###;0} ms, 95% CI [{d.Low:+0.###;-0.###;0}, {d.High:+0.###;-0.###;0}] ms, n = {direct.Count}/{via.Count}");
        }

        // A relay that loses requests adds unbounded time to them: its latency percentiles cannot
        // speak for it. Only when the upstream lost requests too are the two not told apart.
        if (relayFailures > 0)
        {
            return upstreamFailures == 0
                ? verdict with { Status = VerdictStatus.NotMet, Reason = Invariant($"the relay failed {relayFailures} of {samples.Pairs} pairs that succeeded directly{Suffix(range)}") }
                : verdict with { Reason = Invariant($"both paths failed requests the other served ({relayFailures} through the relay, {upstreamFailures} direct): the relay's failures cannot be told from the upstream's{Suffix(range)}") };
        }

        if (range.Length == 0)
        {
            return verdict with { Reason = $"no {claim.Metric} samples on {(direct.Count == 0 ? "the direct endpoint" : "the relay")}" };
        }

        if (direct.Count < minimum || via.Count < minimum)
        {
            return verdict with { Reason = Invariant($"too few samples: {Math.Min(direct.Count, via.Count)} < {minimum} needed for {claim.PercentileLabel} ({range}){ClaimVerifier.LongerRun(Math.Min(direct.Count, via.Count), minimum)}") };
        }

        // Each side's percentile is read to its histogram's step (the top of its bucket), so their
        // difference is known to within the larger step either way: an interval on one side of the
        // threshold by less than that does not decide the claim.
        double step = Math.Max(
            HistogramSet.StepMs(directHistogram, direct.ValueAtPercentile(claim.Percentile) / 1000.0),
            HistogramSet.StepMs(viaHistogram, via.ValueAtPercentile(claim.Percentile) / 1000.0));
        double low = verdict.CiLowMs!.Value, high = verdict.CiHighMs!.Value;
        string threshold = Invariant($"{claim.ThresholdMs:0.###} ms");
        string withinStep = Invariant($"by less than the histograms' step ({step:0.###} ms), to which each side's {claim.PercentileLabel} is read");
        if (claim.IsSatisfiedBy(high + step))
        {
            return verdict with { Status = VerdictStatus.Met, Reason = $"{range}: the whole interval is {claim.Operator} {threshold}" };
        }

        if (!claim.IsSatisfiedBy(low - step))
        {
            return verdict with { Status = VerdictStatus.NotMet, Reason = $"{range}: the whole interval is not {claim.Operator} {threshold}" };
        }

        return claim.IsSatisfiedBy(high)
            ? verdict with { Reason = $"{range}: under {threshold}, but {withinStep}" }
            : !claim.IsSatisfiedBy(low)
                ? verdict with { Reason = $"{range}: over {threshold}, but {withinStep}" }
                : verdict with { Reason = $"{range}: the interval straddles {threshold}{ClaimVerifier.LongerRunToNarrow(claim.PercentileLabel, verdict.EstimateMs!.Value, low, high, claim.ThresholdMs)}" };
    }

    private static string Suffix(string range) => range.Length == 0 ? string.Empty : $" ({range})";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
