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
    /// The lowest percentile a stall (<see cref="IsStall"/>) is taken to reach: it delays whole
    /// waves of requests, so p99 and above may hold the fake's delay; the median does not.
    /// </summary>
    public const double StallReachesPercentile = 99;

    /// <summary>
    /// True when more than 0.1 % of the events left later than <paramref name="thresholdMs"/> (the
    /// run's saturation threshold): a stall that reached whole waves of requests, so the series'
    /// tails (from <see cref="StallReachesPercentile"/>) may hold the fake's delay. One very late
    /// event is a blip, not a stall.
    /// </summary>
    public bool IsStall(double thresholdMs) => P999Ms > thresholdMs;
}
