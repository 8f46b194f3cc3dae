using System.Globalization;
using HdrHistogram;

namespace Harness.Load.Results;

/// <summary>
/// What the harness's own pauses (<see cref="HarnessPauses"/>) may have done to one latency metric of
/// a series: how many of its samples they may have lengthened, and a percentile as it would read
/// without them. Exact for the per-request metrics (TTFB, TTFC, TTFT, TPOT, e2e) and connect and
/// TLS, where each request's or connection's own times say whether a pause was on its way; for ITL
/// the lowest the percentile could be (<see cref="PausedGaps"/>), since no time is kept per gap. The
/// one place verdicts, diffs and the report ask, so each metric is weighed alike.
/// </summary>
public sealed class PauseReach
{
    private readonly HarnessPauses _pauses;
    private readonly SeriesResult _series;
    private readonly HistogramBase? _gaps;

    private PauseReach(SeriesResult series, HarnessPauses pauses, string metric, HistogramBase? gaps, long affected, long samples)
    {
        _series = series;
        _pauses = pauses;
        _gaps = gaps;
        Metric = metric;
        Affected = affected;
        Samples = samples;
    }

    /// <summary>The metric weighed.</summary>
    public string Metric { get; }

    /// <summary>Whether <see cref="At"/> is the figure without the pauses (the per-request metrics), not the lowest it could be (ITL).</summary>
    public bool Exact => _gaps is null;

    /// <summary>Samples a pause may have lengthened: the requests it may have delayed, or at most the gaps it widened.</summary>
    public long Affected { get; }

    /// <summary>The samples judged: requests for the per-request metrics, gaps for ITL.</summary>
    public long Samples { get; }

    /// <summary>The longest pause, ms.</summary>
    public double MaxPauseMs => _pauses.MaxMs;

    /// <summary>
    /// How the pauses reach <paramref name="metric"/> of <paramref name="series"/>; for ITL its gap
    /// histogram is <paramref name="histogram"/>. Null when the series kept no pauses, or for a
    /// metric (or an ITL without its histogram) they are not weighed in.
    /// </summary>
    public static PauseReach? Of(SeriesResult series, string metric, HistogramBase? histogram)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(metric);
        if (series.HarnessPauses is not { } pauses)
        {
            return null;
        }

        if (HarnessPauses.JudgesRequests(metric) || HarnessPauses.JudgesConnections(metric))
        {
            return new PauseReach(series, pauses, metric, null, pauses.DelayedIn(metric), pauses.MeasuredIn(metric));
        }

        return metric == MetricNames.Itl && histogram is not null
            ? new PauseReach(series, pauses, metric, histogram, PausedGaps.WidenedAtMost(series, histogram.TotalCount), histogram.TotalCount)
            : null;
    }

    /// <summary>
    /// <paramref name="percentile"/> without the samples the pauses may have lengthened, ms: the
    /// undelayed requests' (one of the kept percentiles), or the lowest the gaps' could be. Null when
    /// none is known, or no sample could have been lengthened.
    /// </summary>
    public double? At(double percentile) => _gaps is null
        ? _pauses.UndelayedAt(Metric, percentile)
        : PausedGaps.LowestAt(_series, _gaps, percentile);

    /// <summary>
    /// The figure without the pauses, to follow "but" in a reason, <paramref name="label"/> and
    /// <paramref name="value"/> being the percentile's name and figure; <paramref name="side"/> names
    /// the run ("candidate") where two are compared:
    /// "without the 10 candidate requests a pause of the harness itself (up to 30 ms) may have delayed, p99 = 12 ms", or
    /// "in the candidate the harness's own 2 pauses of up to 30 ms may have widened up to 200 of its 4900 gaps, and without them p99 could be 12 ms".
    /// </summary>
    public string Without(string label, string value, string? side = null) => _gaps is null
        ? string.Create(CultureInfo.InvariantCulture, $"without the {Affected}{(side is null ? string.Empty : " " + side)} {(HarnessPauses.JudgesConnections(Metric) ? "connections" : "requests")} a pause of the harness itself (up to {MaxPauseMs:0.#} ms) may have delayed, {label} = {value}")
        : $"{(side is null ? string.Empty : $"in the {side} ")}{PausedGaps.Describe(_series, _gaps)}, and without them {label} could be {value}";
}
