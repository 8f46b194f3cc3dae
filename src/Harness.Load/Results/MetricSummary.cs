namespace Harness.Load.Results;

/// <summary>A histogram summarised in its metric's unit (see <see cref="MetricNames.UnitOf"/>).</summary>
public sealed record MetricSummary
{
    /// <summary>Samples recorded.</summary>
    public long Count { get; init; }

    /// <summary>The unit: <c>ms</c> or <c>tokens/s</c>.</summary>
    public string Unit { get; init; } = "ms";

    /// <summary>Mean.</summary>
    public double Mean { get; init; }

    /// <summary>Smallest value.</summary>
    public double Min { get; init; }

    /// <summary>50th percentile.</summary>
    public double P50 { get; init; }

    /// <summary>90th percentile.</summary>
    public double P90 { get; init; }

    /// <summary>95th percentile.</summary>
    public double P95 { get; init; }

    /// <summary>99th percentile.</summary>
    public double P99 { get; init; }

    /// <summary>99.9th percentile.</summary>
    public double P999 { get; init; }

    /// <summary>Largest value.</summary>
    public double Max { get; init; }

    /// <summary>The value at one of the percentiles kept (50, 90, 95, 99, 99.9); null for any other.</summary>
    public double? At(double percentile) => percentile switch
    {
        50 => P50,
        90 => P90,
        95 => P95,
        99 => P99,
        99.9 => P999,
        _ => null,
    };
}
