namespace Harness.Reports.Decision;

/// <summary>Which transport is faster on one metric and percentile at one load point, and by how much.</summary>
public sealed record MetricDecision
{
    /// <summary>The metric: <c>ttft</c>, <c>itl</c>, <c>e2e</c>.</summary>
    public required string Metric { get; init; }

    /// <summary>The percentile (50 for p50).</summary>
    public required double Percentile { get; init; }

    /// <summary>The transport with the lowest estimate.</summary>
    public required string Fastest { get; init; }

    /// <summary>The fastest transport's percentile, ms; null when it fell among failed requests.</summary>
    public double? FastestMs { get; init; }

    /// <summary>True when the fastest is detectably faster than every other transport.</summary>
    public bool Decided { get; init; }

    /// <summary>Each other transport against the fastest.</summary>
    public List<TransportGap> Others { get; init; } = [];

    /// <summary>Fewest samples among the transports compared.</summary>
    public long SampleSize { get; init; }

    /// <summary>Samples needed per transport for this percentile.</summary>
    public long MinimumSamples { get; init; }

    /// <summary>
    /// False when fewer than two transports recorded the metric here (one failed every request, say):
    /// the answer then says which lacked it and why, and it is not counted among the answers.
    /// </summary>
    public bool Measured { get; init; } = true;

    /// <summary>Why no transport was called faster (empty when one was): each reason the answer names.</summary>
    public List<UndecidedReason> Undecided { get; init; } = [];

    /// <summary>The answer in one sentence.</summary>
    public required string Answer { get; init; }
}
