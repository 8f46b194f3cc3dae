using Harness.Load.Results;

namespace Harness.Reports.Decision;

/// <summary>The transport answer at one load point.</summary>
public sealed record LoadPointDecision
{
    /// <summary>The load point: <c>c10</c>, <c>r20</c>.</summary>
    public required string LoadPoint { get; init; }

    /// <summary>The load in words: <c>c10 (10 concurrent)</c>.</summary>
    public required string Load { get; init; }

    /// <summary>TTFT p50 and p99, ITL p99, e2e p99, in that order (those measured).</summary>
    public List<MetricDecision> Metrics { get; init; } = [];

    /// <summary>
    /// The harness's saturation here when a series at this load point passed the threshold (the worst
    /// such series'): its answers are then not decided. Null when the harness kept up.
    /// </summary>
    public SaturationStatus? Saturation { get; init; }
}
