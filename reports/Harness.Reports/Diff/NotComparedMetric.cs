namespace Harness.Reports.Diff;

/// <summary>
/// A metric of one series that a diff leaves out of its gate: too few samples on both sides for any
/// percentile, where few samples are not failed requests (connect in a warm run, where a request opens
/// a connection only when one was lost). A per-request metric is never left out this way: its samples
/// are the ended requests, failures counted as +∞, so few of them is a short run, inconclusive.
/// </summary>
public sealed record NotComparedMetric
{
    /// <summary>Transport series: <c>sse</c>, <c>sse-h2</c>, <c>ws</c>.</summary>
    public required string Transport { get; init; }

    /// <summary>Load point: <c>c10</c>, <c>r20</c>.</summary>
    public required string LoadPoint { get; init; }

    /// <summary>Metric (<c>connect</c>, <c>tls</c>, ...).</summary>
    public required string Metric { get; init; }

    /// <summary>Samples in the baseline.</summary>
    public long BaselineCount { get; init; }

    /// <summary>Samples in the candidate.</summary>
    public long CandidateCount { get; init; }

    /// <summary>Why it is not compared, in one sentence.</summary>
    public required string Reason { get; init; }
}
