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

    /// <summary>
    /// Where no transport was called faster and nothing but the rounds' spread or the resolution kept
    /// it so: how far from the fastest any other transport may be, ms — the far end of the widest 95%
    /// interval (pooled, or of the rounds' mean) plus the resolution. What a user choosing between them
    /// can rely on ("within 2 ms"). Null where a transport was faster or the answer was not decided for
    /// another reason (too few samples, failures, a stall, pauses, a saturated harness, held-back answers).
    /// </summary>
    public double? BoundMs { get; init; }

    /// <summary>The answer in one sentence.</summary>
    public required string Answer { get; init; }
}
