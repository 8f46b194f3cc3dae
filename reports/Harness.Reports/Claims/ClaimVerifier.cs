using System.Globalization;
using Harness.Load.Results;

namespace Harness.Reports.Claims;

/// <summary>
/// Judges latency claims against a run: per transport series (transport × load point), from the
/// series' HdrHistogram with a seeded bootstrap 95% interval. Met when the whole interval satisfies
/// the claim, not met when none of it does, inconclusive when it straddles the threshold or the
/// series has fewer than <see cref="MinimumSamples"/> samples.
/// </summary>
public static partial class ClaimVerifier
{
    /// <summary>Default bootstrap resamples.</summary>
    public const int DefaultResamples = 2000;

    /// <summary>Default bootstrap seed.</summary>
    public const int DefaultSeed = 20240601;

    /// <summary>The fewest samples any percentile is judged on (<see cref="MinimumSamples"/>'s floor).</summary>
    public const long FewestSamples = 10;

    /// <summary>
    /// Samples needed to judge a percentile: at least <see cref="FewestSamples"/>, and at least 3 samples
    /// above the percentile (n·(1 − p) ≥ 3): p50 needs 10, p95 60, p99 300, p99.9 3000.
    /// </summary>
    public static long MinimumSamples(double percentile) =>
        Math.Max(FewestSamples, (long)Math.Ceiling(3.0 / (1.0 - (percentile / 100.0)) - 1e-9));

    /// <summary>
    /// What would give <paramref name="minimum"/> samples where a run gave <paramref name="n"/>: samples
    /// grow with the run's length, so "a run about 5.4× as long"; empty when there were none to scale.
    /// </summary>
    public static string LongerRun(long n, long minimum) =>
        n <= 0 || n >= minimum ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"; a run about {TimesAsLong(n, minimum):0.#}× as long would give enough");

    /// <summary>How many times as long a run giving <paramref name="n"/> samples would have to be to give <paramref name="minimum"/> (rounded up to a tenth).</summary>
    public static double TimesAsLong(long n, long minimum) => Math.Ceiling(minimum * 10.0 / n) / 10.0;

    /// <summary>
    /// One verdict per series of <paramref name="results"/> (optionally only <paramref name="transport"/>
    /// and/or <paramref name="loadPoint"/>), for a latency claim.
    /// </summary>
    public static IReadOnlyList<ClaimVerdict> Verify(
        RunResults results,
        HistogramSet histograms,
        LatencyClaim claim,
        string? transport = null,
        string? loadPoint = null,
        int resamples = DefaultResamples,
        int seed = DefaultSeed) =>
        Verify(results, histograms, RequestRows.Empty, claim, transport, loadPoint, resamples, seed);

    /// <summary>
    /// One verdict per series for any claim of the grammar; goodput and per-status error shares
    /// read <paramref name="rows"/> (the run's <c>requests.csv</c>).
    /// </summary>
    public static IReadOnlyList<ClaimVerdict> Verify(
        RunResults results,
        HistogramSet histograms,
        RequestRows rows,
        Claim claim,
        string? transport = null,
        string? loadPoint = null,
        int resamples = DefaultResamples,
        int seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(histograms);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(claim);
        var verdicts = new List<ClaimVerdict>();
        foreach (var series in results.Series)
        {
            if ((transport is not null && !string.Equals(series.Transport, transport, StringComparison.OrdinalIgnoreCase))
                || (loadPoint is not null && !string.Equals(series.LoadPoint, loadPoint, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var saturation = SaturationStatus.Of(series, results.Saturation);
            var verdict = claim switch
            {
                LatencyClaim latency => LatencyUnderSaturation(UnlessHeldBack(VerifySeries(series, histograms, latency, results.Saturation, resamples, seed), series), latency, saturation),
                ErrorShareClaim errors => VerifyErrorShare(series, rows.Of(series.Transport, series.LoadPoint), errors),
                GoodputClaim goodput => GoodputUnderSaturation(VerifyGoodput(series, rows.Of(series.Transport, series.LoadPoint), goodput), goodput, series, rows.Of(series.Transport, series.LoadPoint), saturation),
                ThroughputClaim throughput => ThroughputUnderSaturation(VerifyThroughput(series, throughput), throughput, series, saturation),
                _ => throw new ArgumentException($"unknown claim kind {claim.GetType().Name}", nameof(claim)),
            };
            verdicts.Add(claim is ErrorShareClaim ? verdict : UnlessEveryRequestFailed(verdict, series));
        }

        return verdicts;
    }

    /// <summary>
    /// The verdict over several series or claims: not met if any is not met; otherwise
    /// inconclusive if any is inconclusive (or there is none); otherwise met.
    /// </summary>
    public static VerdictStatus Combine(IEnumerable<ClaimVerdict> verdicts)
    {
        var list = verdicts.ToList();
        if (list.Count == 0)
        {
            return VerdictStatus.Inconclusive;
        }

        if (list.Any(v => v.Status == VerdictStatus.NotMet))
        {
            return VerdictStatus.NotMet;
        }

        return list.Any(v => v.Status == VerdictStatus.Inconclusive) ? VerdictStatus.Inconclusive : VerdictStatus.Met;
    }

    // Connection metrics have samples only where a request opened its connection: the likely reason
    // a claim on them has none, so the user knows what run would judge it.
    internal static string WhyNoSamples(SeriesResult series, string metric) => (metric, series.Connections) switch
    {
        (MetricNames.Connect or MetricNames.Tls, "warm") => ": its connections were warm (opened in the warm-up, then reused); --cold opens one per request",
        (MetricNames.Tls, _) => ": no request made a TLS handshake (an http:// or ws:// endpoint?)",
        _ => string.Empty,
    };

    /// <summary>
    /// A series whose every ended request failed meets no claim but an error share's (which judges
    /// the failures themselves): the gaps a truncated stream sent, or its tokens per second, would
    /// otherwise pass an endpoint that never answered whole, as compare and load exit 1 on such a run.
    /// </summary>
    private static ClaimVerdict UnlessEveryRequestFailed(ClaimVerdict verdict, SeriesResult series) =>
        series.FailedEveryRequest && verdict.Status != VerdictStatus.NotMet
            ? verdict with { Status = VerdictStatus.NotMet, Reason = $"{RunFailure.Of([series])}: a series with no successful request meets no such claim ({verdict.Reason})" }
            : verdict;

    private static ClaimVerdict UnlessHeldBack(ClaimVerdict verdict, SeriesResult series) =>
        HeldBackGaps.Weigh(verdict, BufferedAnswers.Mostly(series), () =>
            string.Create(CultureInfo.InvariantCulture, $"{series.BufferedStreams} of its {series.JudgedStreams} answers came all at once, not streamed: its gaps between tokens time a relay's writes, not generation"));

    private static ClaimVerdict VerifySeries(SeriesResult series, HistogramSet histograms, LatencyClaim claim, SaturationStatus saturation, int resamples, int seed)
    {
        long minimum = MinimumSamples(claim.Percentile);
        var histogram = histograms.Find(HistogramSet.TagOf(series.Transport, series.LoadPoint, claim.Metric));
        // Per-request metrics hold successful requests only; failed ones are samples above any limit,
        // never left out (FailedRequests). Requests an interruption stopped ended in no outcome and
        // count neither way.
        long overLimit = FailedRequests.AboveAnyValue(series, claim.Metric, histogram?.TotalCount ?? 0);
        var bootstrap = histogram is null && overLimit == 0 ? null : new HistogramBootstrap(histogram, overLimit);
        var baseVerdict = new ClaimVerdict
        {
            Claim = claim.Text,
            Metric = claim.Metric,
            Percentile = claim.Percentile,
            ThresholdMs = claim.ThresholdMs,
            Transport = series.Transport,
            LoadPoint = series.LoadPoint,
            Status = VerdictStatus.Inconclusive,
            Reason = string.Empty,
            SampleSize = bootstrap?.Count ?? 0,
            FailedRequests = overLimit,
            MinimumSamples = minimum,
            Resamples = resamples,
            Seed = seed,
        };
        if (bootstrap is null || bootstrap.Count == 0)
        {
            return baseVerdict with { Reason = $"no {claim.Metric} samples in this series{WhyNoSamples(series, claim.Metric)}" };
        }

        // Histograms hold microseconds; claims and verdicts speak milliseconds.
        var interval = bootstrap.Estimate(claim.Percentile, resamples, seed);
        double estimate = interval.Estimate / 1000.0, low = interval.Low / 1000.0, high = interval.High / 1000.0;
        var (roundTrip, share, server) = double.IsFinite(estimate) ? SplitNetwork(series, histograms, claim.Metric, estimate) : (null, null, null);
        var verdict = baseVerdict with
        {
            // Unbounded, not absent: the report shows "∞" where failures reach the percentile.
            EstimateMs = Numeric(estimate),
            CiLowMs = Numeric(low),
            CiHighMs = Numeric(high),
            NetworkRoundTripMs = roundTrip,
            NetworkShare = share,
            ServerTimeMs = server,
        };
        string failed = overLimit > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({overLimit} {FailedRequests.Describe(claim.Metric)}, counted as over any limit)")
            : !FailedRequests.Counted(claim.Metric) && series.Errors > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({series.Errors} of {series.Ended} requests failed: the gaps they streamed before failing are counted, the failures not; an errors claim judges them)")
            : string.Empty;
        string range = string.Create(CultureInfo.InvariantCulture, $"{claim.PercentileLabel} = {Ms(estimate)}, 95% CI [{Ms(low)}, {Ms(high)}], n = {interval.SampleSize}{failed}");
        if (interval.SampleSize < minimum)
        {
            return SignTested(verdict, claim, series, histogram, overLimit, saturation, interval.SampleSize, range)
                ?? verdict with { Reason = $"too few samples: {interval.SampleSize} < {minimum} needed for {claim.PercentileLabel} ({range}){LongerRun(interval.SampleSize, minimum)}" };
        }

        if (claim.IsSatisfiedBy(high))
        {
            return verdict with { Status = VerdictStatus.Met, Reason = $"{range}: the whole interval is {claim.Operator} {Ms(claim.ThresholdMs)}" };
        }

        if (!claim.IsSatisfiedBy(low))
        {
            // The harness's own pauses only add latency: when the samples they may have lengthened
            // (the requests they may have delayed; at most one gap per stream in flight per pause) are
            // all that keeps the claim from being met, the run cannot tell the endpoint's tail from its own.
            if (PauseReach.Of(series, claim.Metric, histogram) is { } reach
                && reach.At(claim.Percentile) is { } unpaused
                && claim.IsSatisfiedBy(unpaused))
            {
                return verdict with
                {
                    Reason = $"{range}: above {Ms(claim.ThresholdMs)}, but {reach.Without(claim.PercentileLabel, Ms(unpaused))}: the tail may be the harness's",
                };
            }

            // Likewise a stall of the embedded fake or of the machine, which reaches whole waves of
            // requests: a tail past the threshold in such a series may be the harness's.
            if (StallReach.Reaching(series, claim.Metric, claim.Percentile, saturation.ThresholdMs, where: " in this series") is { } stall)
            {
                return verdict with
                {
                    Reason = string.Create(CultureInfo.InvariantCulture, $"{range}: above {Ms(claim.ThresholdMs)}, but {stall}{StallReach.Explain(series, claim.Metric)}: the tail may be the harness's"),
                };
            }

            // The harness's scheduling lag and the embedded fake's lateness only add latency, up to
            // their p99 (the series' ± resolution), and the percentile is read to its histogram's step:
            // above the threshold by less than those may be the harness's.
            var bound = series.ResolutionOr(saturation.LagP99Ms);
            double step = histogram is null ? 0 : HistogramSet.StepMs(histogram, low);
            double resolution = bound.BoundMs + step;
            if (claim.IsSatisfiedBy(low - resolution))
            {
                return verdict with
                {
                    Reason = string.Create(CultureInfo.InvariantCulture, $"{range}: above {Ms(claim.ThresholdMs)}, but by less than the run's resolution ({resolution:0.###} ms: {Format.ResolutionParts(bound, step, histograms: "the histogram's")}): the excess may be the harness's"),
                };
            }

            return verdict with { Status = VerdictStatus.NotMet, Reason = $"{range}: the whole interval is above {Ms(claim.ThresholdMs)}" };
        }

        return verdict with { Reason = $"{range}: the interval straddles {Ms(claim.ThresholdMs)}{LongerRunToNarrow(claim.PercentileLabel, estimate, low, high, claim.ThresholdMs)}" };
    }

    /// <summary>
    /// For an interval [<paramref name="low"/>, <paramref name="high"/>] around <paramref name="estimate"/>
    /// that straddles <paramref name="threshold"/> (all ms): a bootstrap interval narrows about as 1/√n,
    /// so with the estimate where it is, the side that crosses the threshold would clear it in a run
    /// (width / gap)² times as long. Empty for an estimate on the threshold, or past 1,000 times the run.
    /// </summary>
    internal static string LongerRunToNarrow(string what, double estimate, double low, double high, double threshold)
    {
        double gap = Math.Abs(threshold - estimate), width = estimate < threshold ? high - estimate : estimate - low;
        if (!double.IsFinite(estimate) || gap <= 0 || width <= gap)
        {
            return string.Empty;
        }

        double times = (width / gap) * (width / gap);
        return times > 1000
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $"; were {what} to stay at {Ms(estimate)}, a run about {Math.Ceiling(times * 10) / 10:0.#}× as long would likely decide it");
    }

    // Too few samples for the bootstrap interval, yet perhaps enough for the exact binomial test
    // (PercentileSignTest): counted as past the threshold only where even the bottom of a sample's
    // histogram bucket, less the series' resolution, is (the harness's lag and the fake's lateness
    // only add latency), and not the requests a pause of the harness may have delayed; counted as
    // short of it only where the top of its bucket is. Null when neither count decides.
    private static ClaimVerdict? SignTested(ClaimVerdict verdict, LatencyClaim claim, SeriesResult series, HdrHistogram.HistogramBase? histogram, long overLimit, SaturationStatus saturation, long n, string range)
    {
        double bound = series.ResolutionOr(saturation.LagP99Ms).BoundMs;
        long surelyPast = overLimit, maybePast = overLimit;
        foreach (var bucket in histogram?.RecordedValues() ?? [])
        {
            long bottom = histogram!.LowestEquivalentValue(bucket.ValueIteratedTo);
            long top = bottom + histogram.SizeOfEquivalentValueRange(bottom) - 1;
            if (!claim.IsSatisfiedBy((bottom / 1000.0) - bound))
            {
                surelyPast += bucket.CountAtValueIteratedTo;
            }

            if (!claim.IsSatisfiedBy(top / 1000.0))
            {
                maybePast += bucket.CountAtValueIteratedTo;
            }
        }

        if (PauseReach.Of(series, claim.Metric, histogram) is { } reach)
        {
            surelyPast = Math.Max(0, surelyPast - reach.Affected);
        }

        double q = 1 - (claim.Percentile / 100.0);
        string threshold = Ms(claim.ThresholdMs);
        string label = claim.PercentileLabel;
        string past = claim.Comparison == ClaimComparison.LessThan ? "at or past" : "past"; // what fails the claim
        string few = string.Create(CultureInfo.InvariantCulture, $"too few samples for an interval ({n} < {MinimumSamples(claim.Percentile)} for {label})");
        double pastP = PercentileSignTest.AtLeast(n, surelyPast, q);
        if (StallReach.Reaching(series, claim.Metric, claim.Percentile, saturation.ThresholdMs) is null && pastP < PercentileSignTest.Alpha)
        {
            return verdict with
            {
                Status = VerdictStatus.NotMet,
                Reason = string.Create(CultureInfo.InvariantCulture, $"{few}, but {surelyPast} of {n} are {past} {threshold} (beyond the series' resolution): were {label} {claim.Operator} {threshold}, each would be with probability at most {q:0.###} (exact binomial test, P = {pastP:0.#e0}; {range})"),
            };
        }

        double shortP = PercentileSignTest.AtMost(n, maybePast, q);
        return shortP < PercentileSignTest.Alpha
            ? verdict with
            {
                Status = VerdictStatus.Met,
                Reason = string.Create(CultureInfo.InvariantCulture, $"{few}, but only {maybePast} of {n} are {past} {threshold}: were {label} not {claim.Operator} {threshold}, each would with probability at least {q:0.###} (exact binomial test, P = {shortP:0.#e0}; {range})"),
            }
            : null;
    }

    // One TCP handshake is one round trip, so the median connect time of new connections estimates
    // the network round trip; any request needs at least one, the rest is server time and transfer.
    private static (double? RoundTrip, double? Share, double? Server) SplitNetwork(SeriesResult series, HistogramSet histograms, string metric, double estimateMs)
    {
        if (metric == MetricNames.Connect || metric == MetricNames.Tls || metric == MetricNames.Itl || metric == MetricNames.Tpot)
        {
            // Connect and TLS are network by definition; gaps between tokens on an open stream carry no round trip.
            return (null, null, null);
        }

        var connect = histograms.Find(HistogramSet.TagOf(series.Transport, series.LoadPoint, MetricNames.Connect));
        if (connect is null || connect.TotalCount == 0)
        {
            return (null, null, null);
        }

        double roundTrip = HistogramSet.ValueAtPercentile(connect, 50) / 1000.0;
        double network = Math.Min(roundTrip, estimateMs);
        return (roundTrip, estimateMs > 0 ? network / estimateMs : null, estimateMs - network);
    }

    private static string Ms(double value) => double.IsPositiveInfinity(value) ? "∞ (failed)" : string.Create(CultureInfo.InvariantCulture, $"{value:0.###} ms");

    private static double? Numeric(double value) => double.IsNaN(value) ? null : value;
}
