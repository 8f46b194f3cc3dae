namespace Harness.Load.Results;

/// <summary>
/// Whether the load generator itself was the bottleneck: its scheduling lag (actual minus intended
/// start) at p99 against a threshold. A saturated run's figures describe the harness, not the server.
/// </summary>
public sealed record SaturationStatus
{
    /// <summary>p99 of the scheduling lag, in milliseconds.</summary>
    public double LagP99Ms { get; init; }

    /// <summary>The threshold, in milliseconds (default 5).</summary>
    public double ThresholdMs { get; init; } = 5;

    /// <summary>Whether <see cref="LagP99Ms"/> passed <see cref="ThresholdMs"/>.</summary>
    public bool Saturated { get; init; }
}
