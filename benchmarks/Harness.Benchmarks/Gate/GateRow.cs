namespace Harness.Benchmarks.Gate;

/// <summary>One line of the gate's table.</summary>
/// <param name="Metric">The metric.</param>
/// <param name="Baseline">The committed value, if any.</param>
/// <param name="Now">This run's value, if measured.</param>
/// <param name="Verdict">Pass, fail, new or missing.</param>
/// <param name="Remeasured">Whether the value comes from the one re-measurement a failing ratio gets.</param>
public sealed record GateRow(GateMetric Metric, double? Baseline, double? Now, GateVerdict Verdict, bool Remeasured)
{
    /// <summary>Relative change from the baseline (0.1 = 10 % higher, which is worse); null when either side is missing or zero.</summary>
    public double? Change => Baseline is { } b && Now is { } n && b != 0 ? (n - b) / b : null;
}
