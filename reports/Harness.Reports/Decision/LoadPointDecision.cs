using Harness.Load.Results;

namespace Harness.Reports.Decision;

/// <summary>The transport answer at one load point.</summary>
public sealed record LoadPointDecision
{
    /// <summary>The load point: <c>c10</c>, <c>r20</c>.</summary>
    public required string LoadPoint { get; init; }

    /// <summary>The load in words: <c>c10 (10 concurrent)</c>.</summary>
    public required string Load { get; init; }

    /// <summary>The transports' failures here, compared before any latency.</summary>
    public ErrorComparison? Errors { get; init; }

    /// <summary>One per question of <see cref="TransportDecider.Questions"/> some transport recorded, in that order.</summary>
    public List<MetricDecision> Metrics { get; init; } = [];

    /// <summary>
    /// The harness's saturation here when a series at this load point passed the threshold (the worst
    /// such series'): a difference is then called only beyond both transports' lag. Null when the harness kept up.
    /// </summary>
    public SaturationStatus? Saturation { get; init; }
}
