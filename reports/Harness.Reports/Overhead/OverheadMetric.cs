namespace Harness.Reports.Overhead;

/// <summary>One metric of an overhead run: the overhead at each percentile and the median of the pairs' differences.</summary>
public sealed record OverheadMetric
{
    /// <summary>Metric (<c>connect</c>, <c>ttfb</c>, <c>ttft</c>, <c>itl</c>, <c>e2e</c>).</summary>
    public required string Metric { get; init; }

    /// <summary>Samples through the direct endpoint.</summary>
    public long DirectCount { get; init; }

    /// <summary>Samples through the relay.</summary>
    public long ViaCount { get; init; }

    /// <summary>What the upstream's schedule says this metric is, ms, when the upstream is the fake (null otherwise, or for connect and TTFB).</summary>
    public double? ScheduleMs { get; init; }

    /// <summary>The overhead per percentile.</summary>
    public List<OverheadPercentile> Percentiles { get; init; } = [];

    /// <summary>The median of the pairs' own differences (for ITL, of each request's median gap).</summary>
    public required PairedMedian Paired { get; init; }
}
