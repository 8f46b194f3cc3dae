namespace Harness.Benchmarks.Gate;

/// <summary>One tracked figure of the regression gate.</summary>
/// <param name="Name">Stable name, the key in the baseline file.</param>
/// <param name="Kind">Time ratio or allocation.</param>
/// <param name="Benchmark">The benchmark measured (the numerator of a ratio).</param>
/// <param name="Reference">The denominator of a ratio; null for an allocation figure.</param>
/// <param name="EventsPerOperation">Divides bytes per operation into bytes per event (1 when the benchmark already reports per event).</param>
/// <param name="Target">The target the README states, for the table (for example "≤ 0.25"); empty when none.</param>
public sealed record GateMetric(
    string Name,
    GateMetricKind Kind,
    string Benchmark,
    string? Reference,
    int EventsPerOperation,
    string Target)
{
    /// <summary>
    /// The least threshold this ratio is judged with, whatever <c>--threshold</c> says (0: none).
    /// For ratios whose two sides react differently to the machine's own slowdowns.
    /// </summary>
    public double MinimumThreshold { get; init; }

    /// <summary>The threshold this ratio is judged with when the gate's is <paramref name="threshold"/>: at least <see cref="MinimumThreshold"/>.</summary>
    public double ThresholdWith(double threshold) => Math.Max(threshold, MinimumThreshold);

    /// <summary>The benchmarks this metric needs measured.</summary>
    public IEnumerable<string> Benchmarks => Reference is null ? [Benchmark] : [Benchmark, Reference];

    /// <summary>The metric's value from a run's measurements; null when a benchmark it needs is missing or failed.</summary>
    public double? Evaluate(IReadOnlyDictionary<string, BenchmarkMeasurement> measured)
    {
        if (!measured.TryGetValue(Benchmark, out var subject))
        {
            return null;
        }

        if (Kind == GateMetricKind.BytesPerEvent)
        {
            return subject.BytesPerOperation is { } bytes ? (double)bytes / EventsPerOperation : null;
        }

        if (Reference is null || !measured.TryGetValue(Reference, out var reference) || reference.MedianNanoseconds <= 0)
        {
            return null;
        }

        // Rounds measured side by side saw the same machine: the median of their ratios cancels
        // the machine's drift, which a ratio of two medians taken at different times does not.
        if (subject.RoundNanoseconds is { Count: > 0 } a && reference.RoundNanoseconds is { } b && a.Count == b.Count)
        {
            return InterleavedMeasurer.Median(a.Select((x, i) => x / b[i]).ToList());
        }

        return subject.MedianNanoseconds / reference.MedianNanoseconds;
    }
}
