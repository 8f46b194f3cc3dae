using System.Globalization;

namespace Harness.Benchmarks.Gate;

/// <summary>
/// How long this run's benchmarks took against the times the baseline recorded for them: the
/// machine's speed, not the code's, since every benchmark moves with it. The gate judges ratios,
/// which cancel most of it, but not all: in a slower process the parsers can slow by different
/// factors (docs/notes/gate-noise.md), so a ratio read in a run far slower than the baseline's is
/// weak evidence of an improvement.
/// </summary>
/// <param name="Median">The median of the per-benchmark factors (now ÷ baseline).</param>
/// <param name="Least">The smallest factor.</param>
/// <param name="Most">The largest factor.</param>
/// <param name="Count">How many benchmarks both the run and the baseline have a time for.</param>
public sealed record GateMachineSpeed(double Median, double Least, double Most, int Count)
{
    /// <summary>The factors of the benchmarks <paramref name="measured"/> and <paramref name="baseline"/> both timed; null when there are none.</summary>
    public static GateMachineSpeed? Of(GateBaseline baseline, IReadOnlyDictionary<string, BenchmarkMeasurement> measured)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(measured);
        if (baseline.Benchmarks is null)
        {
            return null;
        }

        var factors = new List<double>();
        foreach (var now in measured.Values)
        {
            if (now.MedianNanoseconds > 0 && baseline.Benchmarks.TryGetValue(now.Id, out var then) && then.MedianNanoseconds > 0)
            {
                factors.Add(now.MedianNanoseconds / then.MedianNanoseconds);
            }
        }

        return factors.Count == 0
            ? null
            : new GateMachineSpeed(InterleavedMeasurer.Median(factors), factors.Min(), factors.Max(), factors.Count);
    }

    /// <summary>One line for the gate's log.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"this run's benchmarks took {Median:0.00}× the baseline's times (median of {Count}; {Least:0.00}–{Most:0.00}×)");
}
