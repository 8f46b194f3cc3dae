namespace Harness.Benchmarks.Gate;

/// <summary>Compares a run's figures with the baseline, metric by metric.</summary>
public static class GateComparer
{
    /// <summary>
    /// Allowed growth in bytes per event. Allocations per event are exact, but each operation's
    /// fixed setup (the reader, and a pooled buffer re-allocated after a GC trims the pool) moves
    /// by a few hundred bytes per 10,000 events: measured 0.022-0.058 B per event over five runs.
    /// Any real per-event allocation is at least one 24-byte object, so half a byte per event
    /// still catches one such object every 48 events.
    /// </summary>
    public const double AllocationTolerancePerEvent = 0.5;

    /// <summary>
    /// The verdict for one metric: a ratio fails when it is more than <paramref name="threshold"/>
    /// (0.1 = 10 %; at least the metric's <see cref="GateMetric.MinimumThreshold"/>) above the baseline; an allocation fails when it grew by
    /// <see cref="AllocationTolerancePerEvent"/> bytes per event or more.
    /// </summary>
    public static GateVerdict Judge(GateMetric metric, double? baseline, double? now, double threshold)
    {
        ArgumentNullException.ThrowIfNull(metric);
        if (baseline is null)
        {
            return now is null ? GateVerdict.Missing : GateVerdict.New;
        }

        if (now is null)
        {
            return GateVerdict.Missing;
        }

        return metric.Kind switch
        {
            GateMetricKind.TimeRatio => now.Value > baseline.Value * (1 + metric.ThresholdWith(threshold)) ? GateVerdict.Fail : GateVerdict.Pass,
            _ => now.Value - baseline.Value >= AllocationTolerancePerEvent ? GateVerdict.Fail : GateVerdict.Pass,
        };
    }

    /// <summary>
    /// Whether a time ratio reads better than its baseline by more than the threshold it is judged
    /// with: a baseline written before such an improvement lets a regression back to it pass.
    /// </summary>
    public static bool ReadsFarBetter(GateRow row, double threshold)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Metric.Kind == GateMetricKind.TimeRatio && row.Baseline is { } before && row.Now is { } now
            && now < before * (1 - row.Metric.ThresholdWith(threshold));
    }

    /// <summary>One row per metric.</summary>
    public static List<GateRow> Compare(
        IEnumerable<GateMetric> metrics,
        GateBaseline baseline,
        IReadOnlyDictionary<string, BenchmarkMeasurement> measured,
        double threshold)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        return metrics.Select(m =>
        {
            double? before = baseline.Metrics.TryGetValue(m.Name, out var b) ? b : null;
            double? now = m.Evaluate(measured);
            return new GateRow(m, before, now, Judge(m, before, now, threshold), Remeasured: false);
        }).ToList();
    }
}
