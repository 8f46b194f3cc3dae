using Harness.Benchmarks.Gate;

namespace Harness.Benchmarks.Tests;

/// <summary>Hands the gate fixed measurements, one set per call (the last repeats), and records the calls.</summary>
internal sealed class CannedMeasurer(params Dictionary<string, BenchmarkMeasurement>[] runs) : IGateMeasurer
{
    public List<IReadOnlyCollection<string>> Calls { get; } = [];

    public IReadOnlyDictionary<string, BenchmarkMeasurement> Measure(IReadOnlyCollection<string> benchmarkIds)
    {
        Calls.Add(benchmarkIds);
        var run = runs[Math.Min(Calls.Count - 1, runs.Length - 1)];
        return run.Where(kv => benchmarkIds.Contains(kv.Key)).ToDictionary();
    }

    /// <summary>Measurements for every benchmark the gate needs: each median 1000 ns, no allocation.</summary>
    public static Dictionary<string, BenchmarkMeasurement> Flat() =>
        GateSuite.Metrics.SelectMany(m => m.Benchmarks).Distinct()
            .ToDictionary(id => id, id => new BenchmarkMeasurement(id, 1000, 0));

    /// <summary>A copy of <paramref name="run"/> with every time multiplied by <paramref name="factor"/>: a slower or faster machine.</summary>
    public static Dictionary<string, BenchmarkMeasurement> Scaled(Dictionary<string, BenchmarkMeasurement> run, double factor) =>
        run.ToDictionary(kv => kv.Key, kv => kv.Value with { MedianNanoseconds = kv.Value.MedianNanoseconds * factor });

    /// <summary>A copy of <paramref name="run"/> with one benchmark's figures changed.</summary>
    public static Dictionary<string, BenchmarkMeasurement> With(
        Dictionary<string, BenchmarkMeasurement> run, string id, double? medianFactor = null, long? bytes = null)
    {
        var copy = new Dictionary<string, BenchmarkMeasurement>(run);
        var m = copy[id];
        copy[id] = m with
        {
            MedianNanoseconds = m.MedianNanoseconds * (medianFactor ?? 1),
            BytesPerOperation = bytes ?? m.BytesPerOperation,
        };
        return copy;
    }
}
