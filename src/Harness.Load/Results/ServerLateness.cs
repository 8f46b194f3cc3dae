namespace Harness.Load.Results;

/// <summary>
/// The embedded fake only: how late its content events left against its own token schedule in a
/// series' measured window (write start minus due time). With the harness not saturated, a token
/// gap wider than the schedule is the server's; this says how much of it the fake itself caused
/// (it shares the machine with the client).
/// </summary>
public sealed record ServerLateness
{
    /// <summary>Content events recorded.</summary>
    public long Events { get; init; }

    /// <summary>Median lateness, in milliseconds.</summary>
    public double P50Ms { get; init; }

    /// <summary>99th percentile lateness, in milliseconds.</summary>
    public double P99Ms { get; init; }

    /// <summary>99.9th percentile lateness, in milliseconds (0 in results written before it was recorded).</summary>
    public double P999Ms { get; init; }

    /// <summary>Largest lateness, in milliseconds.</summary>
    public double MaxMs { get; init; }

    /// <summary>
    /// How late the fake's scheduler thread itself released due tokens at most, in milliseconds, before
    /// any thread-pool hop or write (null in results written before it was recorded). Beside
    /// <see cref="MaxMs"/> it says where a stall was: a late release means the whole process or the
    /// machine stood still; a release on time, that the delay came after it (the thread pool, or an
    /// earlier write still flushing).
    /// </summary>
    public double? SchedulerMaxMs { get; init; }

    /// <summary>
    /// The lateness histogram (µs), in memory only (null once read back from a file): lets a series'
    /// rounds, measured in separate windows, be added exactly (<see cref="Merge"/>).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public HdrHistogram.LongHistogram? Histogram { get; init; }

    /// <summary>
    /// The lateness of a series measured in several windows (its rounds): recomputed from the added
    /// histograms when every part holds one; otherwise each figure is the largest over the parts, so
    /// a stall in any window still marks the series. Null when any part has none.
    /// </summary>
    public static ServerLateness? Merge(IReadOnlyList<ServerLateness?> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0 || parts.Any(p => p is null))
        {
            return null;
        }

        double max = parts.Max(p => p!.MaxMs);
        double? schedulerMax = parts.Any(p => p!.SchedulerMaxMs is null) ? null : parts.Max(p => p!.SchedulerMaxMs);
        if (parts.Any(p => p!.Histogram is null))
        {
            return new ServerLateness
            {
                Events = parts.Sum(p => p!.Events),
                P50Ms = parts.Max(p => p!.P50Ms),
                P99Ms = parts.Max(p => p!.P99Ms),
                P999Ms = parts.Max(p => p!.P999Ms),
                MaxMs = max,
                SchedulerMaxMs = schedulerMax,
            };
        }

        return FromHistogram(HistogramSet.Sum(parts.Select(p => p!.Histogram!)), max) with { SchedulerMaxMs = schedulerMax };
    }

    /// <summary>The figures of a lateness histogram (µs); <paramref name="maxMs"/> is the exact largest value, where the histogram keeps a bucket's.</summary>
    public static ServerLateness FromHistogram(HdrHistogram.LongHistogram histogram, double maxMs)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        double Ms(double percentile) => histogram.TotalCount == 0 ? 0 : HistogramSet.ValueAtPercentile(histogram, percentile) / 1000.0;
        return new ServerLateness
        {
            Events = histogram.TotalCount,
            P50Ms = Ms(50),
            P99Ms = Ms(99),
            P999Ms = Ms(99.9),
            MaxMs = maxMs,
            Histogram = histogram,
        };
    }

    /// <summary>
    /// True when more than 0.1 % of the events left later than <paramref name="thresholdMs"/> (the
    /// run's saturation threshold): a stall that reached whole waves of requests, so the series'
    /// tails (from <see cref="StallReach.LowestPercentile"/>, p99 or lower in a short run) may hold
    /// the fake's delay. One very late event is a blip, not a stall.
    /// </summary>
    public bool IsStall(double thresholdMs) => P999Ms > thresholdMs;
}
