using System.Globalization;
using Harness.Clients;
using Harness.Core.Schedule;
using Harness.Core;
using Harness.Load.Overhead;
using Harness.Load.Results;
using Harness.Reports.Claims;
using Harness.Reports.Diff;
using HdrHistogram;

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
        + "otherwise, or when the harness was saturated and its lag could account for the margin. With too few samples for "
        + "an interval (each side at least 10 and 3 above the percentile) the pairs' own differences decide by an exact "
        + "binomial test when they can. Pairs where one path alone failed: a relay failing more of them than the direct "
        + "endpoint (exact test) fails every claim; more, but too few to tell from chance, leave a met claim inconclusive.";

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
            StoppedBecause = samples.StoppedBecause,
            Pauses = samples.Pauses,
            PairsDelayed = samples.PairsDelayed,
            GapsWidened = samples.GapsWidened,
            Resolution = samples.Resolution,
            ViaOnlyFailures = samples.ViaOnlyFailures,
            DirectOnlyFailures = samples.DirectOnlyFailures,
            BothFailed = samples.BothFailed,
            DirectOutcomes = samples.Direct.Outcomes,
            ViaOutcomes = samples.Via.Outcomes,
            DirectJudgedStreams = samples.Direct.JudgedStreams,
            DirectBufferedStreams = samples.Direct.BufferedStreams,
            ViaJudgedStreams = samples.Via.JudgedStreams,
            ViaBufferedStreams = samples.Via.BufferedStreams,
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
    /// gap between events, arrival their mean due time, e2e the last event's due time (request 0's
    /// draws for a random schedule).
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
            MetricNames.Arrival => chunks.Average(c => c.Offset.TotalMilliseconds),
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

    private static ClaimVerdict Judge(LatencyClaim claim, OverheadSamples samples, OverheadOptions options) =>
        UnlessHeldBack(WithFailures(UnlessPaused(JudgeLatency(claim, samples, options, (samples.Direct.Histogram(claim.Metric), samples.Via.Histogram(claim.Metric), samples.PairedDifferences(claim.Metric))), claim, samples, options), samples), samples);

    // A pause of the harness adds to whichever request of a pair it meets, so it can move the overhead
    // either way: a verdict the pairs it may have delayed decide (judged again without them, TTFT and
    // e2e, which each request's own times judge) may be the harness's. Not one whose interval clears
    // the threshold by more than the pauses could have added to any request: no request waited longer
    // than the paused time within its own latency, so neither side's percentile, nor their difference,
    // moved by more (and judged again, fewer pairs than it took could only say "too few").
    private static ClaimVerdict UnlessPaused(ClaimVerdict verdict, LatencyClaim claim, OverheadSamples samples, OverheadOptions options)
    {
        if (verdict.Status == VerdictStatus.Inconclusive)
        {
            return verdict;
        }

        if (claim.Metric == MetricNames.Itl)
        {
            return UnlessGapsWidened(verdict, claim, samples);
        }

        if (samples.Unpaused(claim.Metric) is not { } unpaused)
        {
            return verdict;
        }

        if (verdict.SampleSize >= verdict.MinimumSamples && verdict.CiLowMs is double low && verdict.CiHighMs is double high && samples.Pauses is { } pauses)
        {
            double longest = Math.Max(samples.Direct.Histogram(claim.Metric).GetMaxValue(), samples.Via.Histogram(claim.Metric).GetMaxValue()) / 1000.0;
            double reach = pauses.MostPausedWithin(longest);
            if (StillDecided(verdict, claim, low - reach, high + reach))
            {
                return verdict;
            }
        }

        var without = JudgeLatency(claim, samples, options, unpaused);
        return without.Status == verdict.Status
            ? verdict
            : verdict with
            {
                Status = VerdictStatus.Inconclusive,
                Reason = Invariant($"{verdict.Reason}; but without the {samples.PairsDelayed} pairs a pause of the harness itself (up to {samples.Pauses?.MaxMs ?? 0:0.#} ms) may have delayed, {without.Reason}: the verdict may be the harness's"),
            };
    }

    // No request's own times say which gap a pause widened, so each side's percentile could read as
    // low as PausedGaps.LowestAt with that side's widened gaps shortened: the overhead could be lower by
    // what the relay's side may have gained, or higher by what the direct side's. A verdict stands when
    // its interval, so stretched, still decides it. Answers held back are left to UnlessHeldBack: their
    // gaps time writes of whole answers, which is the verdict's reason to give.
    private static ClaimVerdict UnlessGapsWidened(ClaimVerdict verdict, LatencyClaim claim, OverheadSamples samples)
    {
        if (samples.Via.MostlyBuffered || samples.Direct.MostlyBuffered
            || samples.Pauses is not { } pauses || samples.GapsWidened is not { } widened || verdict.CiLowMs is not double low || verdict.CiHighMs is not double high)
        {
            return verdict;
        }

        var direct = samples.Direct.Histogram(MetricNames.Itl);
        var via = samples.Via.Histogram(MetricNames.Itl);
        double Reach(HistogramBase gaps, long count) =>
            gaps.TotalCount > 0 && PausedGaps.LowestAt(pauses, count, gaps, claim.Percentile) is double lowest
                ? Math.Max(0, (HistogramSet.ValueAtPercentile(gaps, claim.Percentile) / 1000.0) - lowest)
                : 0;
        double viaReach = Reach(via, widened.Via), directReach = Reach(direct, widened.Direct);
        if (StillDecided(verdict, claim, low - viaReach, high + directReach))
        {
            return verdict;
        }

        return verdict with
        {
            Status = VerdictStatus.Inconclusive,
            Reason = Invariant($"{verdict.Reason}; but the harness's own {Plural.Of(pauses.Count, "pause")} of up to {pauses.MaxMs:0.#} ms may have widened up to {Math.Min(widened.Direct, direct.TotalCount)} of the direct and {Math.Min(widened.Via, via.TotalCount)} of the relayed gaps, and without them the interval could reach [{low - viaReach:+0.###;-0.###;0}, {high + directReach:+0.###;-0.###;0}] ms: the verdict may be the harness's"),
        };
    }

    // Whether a met or not-met verdict holds with its interval stretched to [low, high]: claims are
    // upper bounds, so a met one needs the far end under the threshold, a missed one the near end past it.
    private static bool StillDecided(ClaimVerdict verdict, LatencyClaim claim, double low, double high) =>
        verdict.Status == VerdictStatus.Met ? claim.IsSatisfiedBy(high) : !claim.IsSatisfiedBy(low);

    // HeldBackGaps: a buffering relay's near-zero gaps pass "itl p95 < 5ms" while it adds the whole
    // generation to TTFT; either side holding most answers back leaves such a claim inconclusive.
    private static ClaimVerdict UnlessHeldBack(ClaimVerdict verdict, OverheadSamples samples) =>
        HeldBackGaps.Weigh(verdict, samples.Via.MostlyBuffered || samples.Direct.MostlyBuffered, () =>
            Invariant($"answers came all at once, not streamed ({samples.Via.BufferedStreams} of {samples.Via.JudgedStreams} through the relay, {samples.Direct.BufferedStreams} of {samples.Direct.JudgedStreams} direct): the gaps between their tokens time writes of a whole answer, not generation"));

    // The pairs judged: each side's histogram of the metric and the pairs' own differences.
    private static ClaimVerdict JudgeLatency(LatencyClaim claim, OverheadSamples samples, OverheadOptions options, (HdrHistogram.HistogramBase Direct, HdrHistogram.HistogramBase Via, IReadOnlyList<double> Differences) pairs)
    {
        var (directHistogram, viaHistogram, differences) = pairs;
        var direct = new HistogramBootstrap(directHistogram);
        var via = new HistogramBootstrap(viaHistogram);
        long minimum = ClaimVerifier.MinimumSamples(claim.Percentile);
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
            FailedRequests = samples.ViaOnlyFailures,
            Resamples = options.Resamples,
            Seed = options.Seed,
        };
        if (direct.Count == 0 || via.Count == 0)
        {
            return verdict with { Reason = $"no {claim.Metric} samples on {(direct.Count == 0 ? "the direct endpoint" : "the relay")}" };
        }

        var d = PercentileDifference.Estimate(direct, via, claim.Percentile, options.Resamples, options.Seed).Scale(0.001);
        verdict = verdict with { EstimateMs = d.Estimate, CiLowMs = d.Low, CiHighMs = d.High };
        string range = Invariant($"overhead {claim.PercentileLabel} {d.Estimate:+0.###;-0.###;0} ms, 95% CI [{d.Low:+0.###;-0.###;0}, {d.High:+0.###;-0.###;0}] ms, n = {direct.Count}/{via.Count}");
        if (direct.Count < minimum || via.Count < minimum)
        {
            return PairSignTested(verdict, claim, samples, differences, range)
                ?? verdict with { Reason = Invariant($"too few samples: {Math.Min(direct.Count, via.Count)} < {minimum} needed for {claim.PercentileLabel} ({range}){ClaimVerifier.LongerRun(Math.Min(direct.Count, via.Count), minimum)}") };
        }

        // Each side's percentile is read to its histogram's step (the top of its bucket), so their
        // difference is known to within the larger step either way: an interval on one side of the
        // threshold by less than that does not decide the claim.
        double step = Math.Max(
            HistogramSet.StepMs(directHistogram, direct.ValueAtPercentile(claim.Percentile) / 1000.0),
            HistogramSet.StepMs(viaHistogram, via.ValueAtPercentile(claim.Percentile) / 1000.0));
        double low = d.Low, high = d.High;
        string threshold = Invariant($"{claim.ThresholdMs:0.###} ms");
        string withinStep = Invariant($"by less than the histograms' step ({step:0.###} ms), to which each side's {claim.PercentileLabel} is read");
        if (claim.IsSatisfiedBy(high + step))
        {
            return UnderSaturation(verdict with { Status = VerdictStatus.Met, Reason = $"{range}: the whole interval is {claim.Operator} {threshold}" }, Math.Abs(claim.ThresholdMs - high), samples);
        }

        if (!claim.IsSatisfiedBy(low - step))
        {
            return UnderSaturation(verdict with { Status = VerdictStatus.NotMet, Reason = $"{range}: the whole interval is not {claim.Operator} {threshold}" }, Math.Abs(low - claim.ThresholdMs), samples);
        }

        return claim.IsSatisfiedBy(high)
            ? verdict with { Reason = $"{range}: under {threshold}, but {withinStep}" }
            : !claim.IsSatisfiedBy(low)
                ? verdict with { Reason = $"{range}: over {threshold}, but {withinStep}" }
                : verdict with { Reason = $"{range}: the interval straddles {threshold}{ClaimVerifier.LongerRunToNarrow(claim.PercentileLabel, verdict.EstimateMs!.Value, low, high, claim.ThresholdMs)}" };
    }

    /// <summary>
    /// Too few samples for a percentile's interval, the pairs can still decide: were the overhead's
    /// percentile P at the threshold, each pair's own difference would pass it with probability
    /// 1 − P/100 (<see cref="PercentileSignTest"/>), so 136 pairs all over 50 ms settle "p99 &lt; 50 ms".
    /// A difference counts as past the threshold only beyond the harness's lag either way (it may
    /// have delayed either request of the pair). Null when the count decides nothing.
    /// </summary>
    private static ClaimVerdict? PairSignTested(ClaimVerdict verdict, LatencyClaim claim, OverheadSamples samples, IReadOnlyList<double> differences, string range)
    {
        long n = differences.Count;
        if (n == 0)
        {
            return null;
        }

        double lag = samples.Resolution?.LagP99Ms ?? 0;
        long surelyPast = differences.LongCount(x => !claim.IsSatisfiedBy(x - lag) && !claim.IsSatisfiedBy(x + lag));
        long maybePast = differences.LongCount(x => !claim.IsSatisfiedBy(x - lag) || !claim.IsSatisfiedBy(x + lag));
        double q = 1 - (claim.Percentile / 100.0);
        string label = claim.PercentileLabel, threshold = Invariant($"{claim.ThresholdMs:0.###} ms");
        string past = claim.Comparison == ClaimComparison.LessThan ? "at or past" : "past";
        string few = Invariant($"too few samples for an interval ({Math.Min(verdict.SampleSize, n)} < {verdict.MinimumSamples} for {label})");
        string lagText = lag > 0 ? Invariant($" by more than the harness's lag ({lag:0.###} ms)") : string.Empty;
        double pastP = PercentileSignTest.AtLeast(n, surelyPast, q);
        if (pastP < PercentileSignTest.Alpha)
        {
            return verdict with
            {
                Status = VerdictStatus.NotMet,
                Reason = Invariant($"{few}, but in {surelyPast} of {n} pairs the relay's own difference is {past} {threshold}{lagText}: were the overhead's {label} {claim.Operator} {threshold}, each would be with probability at most {q:0.###} (exact binomial test, P = {pastP:0.#e0}; {range})"),
            };
        }

        double shortP = PercentileSignTest.AtMost(n, maybePast, q);
        return shortP < PercentileSignTest.Alpha
            ? verdict with
            {
                Status = VerdictStatus.Met,
                Reason = Invariant($"{few}, but in only {maybePast} of {n} pairs is the relay's own difference {past} {threshold}: were the overhead's {label} not {claim.Operator} {threshold}, each would be with probability at least {q:0.###} (exact binomial test, P = {shortP:0.#e0}; {range})"),
            }
            : null;
    }

    /// <summary>
    /// A verdict the harness's own lag could have turned, when it was saturated: the lag delays
    /// requests on either path, so in a difference it can hide overhead as well as add it. Met or not
    /// met by a margin (from the interval's near end to the threshold) no larger than the lag p99 is
    /// inconclusive; by more, it stands.
    /// </summary>
    private static ClaimVerdict UnderSaturation(ClaimVerdict verdict, double marginMs, OverheadSamples samples)
    {
        double lag = samples.Resolution?.LagP99Ms ?? 0;
        return lag > SaturationStatus.DefaultThresholdMs && marginMs <= lag
            ? verdict with
            {
                Status = VerdictStatus.Inconclusive,
                Reason = Invariant($"{verdict.Reason}; but the harness was saturated (scheduling lag p99 {lag:0.##} ms > {SaturationStatus.DefaultThresholdMs:0.#} ms): its lag, on either path, could account for the margin of {marginMs:0.###} ms"),
            }
            : verdict;
    }

    /// <summary>
    /// The pairs where one path failed and the other did not. A relay failing more of them than its
    /// upstream — exact one-sided test on those pairs (McNemar's), each as likely either way were the
    /// relay as reliable as the upstream — fails the claim: the requests it lost took unbounded time.
    /// More relay-only failures than direct-only ones, too few to tell from an upstream that fails at
    /// random, leave a met claim inconclusive (2 against 0 is what chance gives a quarter of the time).
    /// Relay-only failures no more than direct-only ones are the upstream's, as far as a run can tell.
    /// </summary>
    private static ClaimVerdict WithFailures(ClaimVerdict verdict, OverheadSamples samples)
    {
        long relay = samples.ViaOnlyFailures, upstream = samples.DirectOnlyFailures;
        if (relay == 0)
        {
            return verdict;
        }

        double p = PercentileSignTest.AtLeast(relay + upstream, relay, 0.5);
        string failures = Invariant($"the relay failed {relay} of {samples.Pairs} pairs that succeeded directly, the direct request {upstream} that succeeded through the relay");
        string range = verdict.EstimateMs is null ? string.Empty : $" ({verdict.Reason})";
        if (relay > upstream && p < PercentileSignTest.Alpha)
        {
            return verdict with { Status = VerdictStatus.NotMet, Reason = Invariant($"{failures}: the relay fails more often than its upstream (exact test on those pairs, P = {p:0.#e0}){range}") };
        }

        if (verdict.Status == VerdictStatus.NotMet || relay <= upstream)
        {
            return verdict with { Reason = Invariant($"{verdict.Reason}; {failures}") };
        }

        return verdict with
        {
            Status = VerdictStatus.Inconclusive,
            Reason = Invariant($"{failures}: too few to tell the relay's failures from an upstream failing at random (exact test on those pairs, P = {p:0.##}; {DecidingCount(upstream)} against {upstream} would decide){range}"),
        };
    }

    // The fewest relay-only failures that the exact test calls more than chance against these direct-only ones.
    private static long DecidingCount(long upstream)
    {
        long relay = upstream + 1;
        while (PercentileSignTest.AtLeast(relay + upstream, relay, 0.5) >= PercentileSignTest.Alpha)
        {
            relay++;
        }

        return relay;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
