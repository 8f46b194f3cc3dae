namespace Harness.Benchmarks.Gate;

/// <summary>What one benchmark measured in one run.</summary>
/// <param name="Id">The benchmark's id (see <see cref="BenchmarkIds"/>).</param>
/// <param name="MedianNanoseconds">Median time per operation.</param>
/// <param name="BytesPerOperation">Bytes allocated per operation, when the memory diagnoser ran.</param>
public sealed record BenchmarkMeasurement(string Id, double MedianNanoseconds, long? BytesPerOperation)
{
    /// <summary>
    /// Time per operation in each round of an interleaved run (see <see cref="InterleavedMeasurer"/>),
    /// index for index comparable with the other benchmarks of the same run; null when the run was
    /// sequential.
    /// </summary>
    public IReadOnlyList<double>? RoundNanoseconds { get; init; }
}
