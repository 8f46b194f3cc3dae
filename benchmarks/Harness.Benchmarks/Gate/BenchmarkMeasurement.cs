namespace Harness.Benchmarks.Gate;

/// <summary>What one benchmark measured in one run.</summary>
/// <param name="Id">The benchmark's id (see <see cref="BenchmarkIds"/>).</param>
/// <param name="MedianNanoseconds">Median time per operation.</param>
/// <param name="BytesPerOperation">Bytes allocated per operation, when the memory diagnoser ran.</param>
public sealed record BenchmarkMeasurement(string Id, double MedianNanoseconds, long? BytesPerOperation);
