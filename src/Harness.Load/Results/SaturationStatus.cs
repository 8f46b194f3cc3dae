namespace Harness.Load.Results;

/// <summary>
/// Whether the load generator itself was the bottleneck: its scheduling lag at p99 against a
/// threshold, the worse of two probes: starting requests on time (actual minus intended start, or a
/// thread-pool probe in the closed model) and handling socket reads on time (a loopback probe). A
/// saturated run's figures describe the harness, not the server.
/// </summary>
public sealed record SaturationStatus
{
    /// <summary>p99 of the scheduling lag (the worse of start delay and read delay), in milliseconds.</summary>
    public double LagP99Ms { get; init; }

    /// <summary>The threshold unless a run sets its own, in milliseconds.</summary>
    public const double DefaultThresholdMs = 5;

    /// <summary>The threshold, in milliseconds (default <see cref="DefaultThresholdMs"/>).</summary>
    public double ThresholdMs { get; init; } = DefaultThresholdMs;

    /// <summary>Whether <see cref="LagP99Ms"/> passed <see cref="ThresholdMs"/>.</summary>
    public bool Saturated { get; init; }

    /// <summary>A series' scheduling lag p99: the worse of its start-delay and read-delay p99 (0 when neither was sampled).</summary>
    public static double LagP99Of(IReadOnlyDictionary<string, MetricSummary> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return Math.Max(
            metrics.GetValueOrDefault(MetricNames.StartDelay)?.P99 ?? 0,
            metrics.GetValueOrDefault(MetricNames.ReadDelay)?.P99 ?? 0);
    }
}
