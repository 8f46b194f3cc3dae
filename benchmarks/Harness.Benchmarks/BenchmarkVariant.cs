namespace Harness.Benchmarks;

/// <summary>
/// Which build of the harness's parser the gate measures for <c>sse.harness_sync.*</c>. Anything but
/// <see cref="Shipped"/> exists only to prove the regression gate can fail: the gate then measures
/// <see cref="Gate.SseRegressionProbeBenchmarks"/> in place of the suite's benchmark.
/// </summary>
public enum BenchmarkVariant
{
    /// <summary>The shipped parser, as it is.</summary>
    Shipped,

    /// <summary>The shipped parser plus extra byte-by-byte passes over each event's data (tens of times slower).</summary>
    Slowed,

    /// <summary>The shipped parser plus a string made of each event's data (allocates per event).</summary>
    Allocating,
}
