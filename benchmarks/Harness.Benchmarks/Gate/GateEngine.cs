namespace Harness.Benchmarks.Gate;

/// <summary>How the gate measures its benchmarks.</summary>
public enum GateEngine
{
    /// <summary>All benchmarks in alternating short slices (<see cref="InterleavedMeasurer"/>); the default.</summary>
    Interleaved,

    /// <summary>BenchmarkDotNet's sequential in-process short job (<see cref="BenchmarkDotNetMeasurer"/>).</summary>
    BenchmarkDotNet,
}
