namespace Harness.Load.Results;

/// <summary>
/// The harness process's own pauses in a series' measured window: each time the runtime stopped all
/// its threads (mostly blocking garbage collections), and each time the machine itself stood still
/// (its real-time probe thread woke late; see <see cref="MachineCount"/>). A pause delays whatever falls due in it at
/// once, the client's sends and reads and the embedded fake's writes alike, so it can reach many
/// requests' latencies together while the lag probes' p99 does not show it. A request counts as
/// <see cref="TtftDelayed"/> when a pause overlapped its way to the server (origin to response
/// headers, or to the written request, plus <see cref="DelayWindowMs"/>) or the last
/// <see cref="DelayWindowMs"/> before its first token was read; <see cref="TtftUndelayed"/>
/// summarises the others, so where that tail is well below the series' own, the harness's pauses
/// made the tail.
/// </summary>
public sealed record HarnessPauses
{
    /// <summary>
    /// How close to a request's delivery or first token a pause must fall to count: longer than the
    /// server takes to pick up a delivered request, and than the harness, not saturated, takes to
    /// work through what queued during a pause of tens of milliseconds.
    /// </summary>
    public const double DelayWindowMs = 5;

    /// <summary>Pauses that overlapped the measured window.</summary>
    public long Count { get; init; }

    /// <summary>Of those, the ones in which a garbage collection ran.</summary>
    public long Collections { get; init; }

    /// <summary>Paused time inside the window, ms.</summary>
    public double TotalMs { get; init; }

    /// <summary>The longest pause, ms.</summary>
    public double MaxMs { get; init; }

    /// <summary>
    /// Of <see cref="Count"/>, the stretches in which the machine stood still: the harness's own
    /// real-time thread woke more than 2 ms late with no runtime pause to explain it (the host or the
    /// kernel held every thread back). Null when unknown: that thread could not get real-time
    /// priority (no root or CAP_SYS_NICE, one CPU, not Linux), or results from before it.
    /// </summary>
    public long? MachineCount { get; init; }

    /// <summary>The longest of the machine's pauses, ms (0 when none; null when unknown, as <see cref="MachineCount"/>).</summary>
    public double? MachineMaxMs { get; init; }

    /// <summary>How many of the pauses were the machine's, to follow their count: " (1 the machine standing still)"; empty when none or unknown.</summary>
    public string MachineShare() => MachineCount is > 0 and long machine
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" ({machine} the machine standing still)")
        : string.Empty;

    /// <summary>Measured requests with a time to first token.</summary>
    public long TtftMeasured { get; init; }

    /// <summary>Of those, the ones a pause may have delayed (see the type's summary).</summary>
    public long TtftDelayed { get; init; }

    /// <summary>
    /// TTFT of the other measured requests, ms; null when none or every one was delayed. After an
    /// agents' merge each figure is the smallest agent's, a lower bound of the pooled one.
    /// </summary>
    public MetricSummary? TtftUndelayed { get; init; }

    /// <summary>
    /// The undelayed requests' TTFT histogram, in memory only (null once read back from a file): lets
    /// <see cref="Merge"/> add a series' rounds exactly.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal HdrHistogram.LongHistogram? TtftUndelayedHistogram { get; init; }

    /// <summary>The undelayed requests' TTFT at one of the kept percentiles (<see cref="MetricSummary.At"/>); null without them or for another percentile.</summary>
    public double? UndelayedTtftAt(double percentile) => TtftUndelayed?.At(percentile);

    /// <summary>
    /// Several parts' pauses as one (agents' results, or a series' rounds): counts and paused time
    /// added, the longest kept; the undelayed TTFT recomputed when every part still holds its
    /// histogram (rounds in this process), else left out. Null when any part has none.
    /// </summary>
    public static HarnessPauses? Merge(IEnumerable<HarnessPauses?> parts)
    {
        var list = parts.ToList();
        if (list.Count == 0 || list.Any(p => p is null))
        {
            return null;
        }

        return new HarnessPauses
        {
            Count = list.Sum(p => p!.Count),
            Collections = list.Sum(p => p!.Collections),
            TotalMs = list.Sum(p => p!.TotalMs),
            MaxMs = list.Max(p => p!.MaxMs),
            MachineCount = list.Any(p => p!.MachineCount is null) ? null : list.Sum(p => p!.MachineCount),
            MachineMaxMs = list.Any(p => p!.MachineMaxMs is null) ? null : list.Max(p => p!.MachineMaxMs),
            TtftMeasured = list.Sum(p => p!.TtftMeasured),
            TtftDelayed = list.Sum(p => p!.TtftDelayed),
            // Summaries do not add up; histograms do.
            TtftUndelayed = UndelayedOf(list!),
        };
    }

    private static MetricSummary? UndelayedOf(List<HarnessPauses?> parts)
    {
        if (parts.Sum(p => p!.TtftDelayed) == 0 || parts.Any(p => p!.TtftMeasured > p.TtftDelayed && p.TtftUndelayedHistogram is null))
        {
            return null;
        }

        var sum = HistogramSet.Sum(parts.Select(p => p!.TtftUndelayedHistogram).OfType<HdrHistogram.LongHistogram>());
        return sum.TotalCount == 0 ? null : HistogramSet.Summarize(sum, MetricNames.Ttft);
    }
}
