namespace Harness.Reports.Overhead;

/// <summary>One percentile of one metric: each endpoint's value and the overhead (via − direct) with its 95% interval.</summary>
public sealed record OverheadPercentile
{
    /// <summary>Percentile (99 for p99).</summary>
    public required double Percentile { get; init; }

    /// <summary>The direct endpoint's percentile, ms (null without samples).</summary>
    public double? DirectMs { get; init; }

    /// <summary>The relay's percentile, ms (null without samples).</summary>
    public double? ViaMs { get; init; }

    /// <summary>Via − direct, ms: what the relay adds at this percentile.</summary>
    public double? OverheadMs { get; init; }

    /// <summary>Lower bound of the overhead's 95% bootstrap interval, ms.</summary>
    public double? CiLowMs { get; init; }

    /// <summary>Upper bound of the overhead's 95% bootstrap interval, ms.</summary>
    public double? CiHighMs { get; init; }

    /// <summary>Samples each side needs for this percentile; below it the interval is shown but judges nothing.</summary>
    public long MinimumSamples { get; init; }

    /// <summary>Whether both sides have <see cref="MinimumSamples"/>.</summary>
    public bool Enough { get; init; }
}
