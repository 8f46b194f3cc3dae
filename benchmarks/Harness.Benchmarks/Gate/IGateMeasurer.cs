namespace Harness.Benchmarks.Gate;

/// <summary>Measures benchmarks by id; BenchmarkDotNet in the gate, canned figures in tests.</summary>
public interface IGateMeasurer
{
    /// <summary>Runs the benchmarks with the given ids (all in one run) and returns what each measured.</summary>
    /// <exception cref="InvalidOperationException">It could not measure them (a measurer in another process: that process failed).</exception>
    IReadOnlyDictionary<string, BenchmarkMeasurement> Measure(IReadOnlyCollection<string> benchmarkIds);
}
