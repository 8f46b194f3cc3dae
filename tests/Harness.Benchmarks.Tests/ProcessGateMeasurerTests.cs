using Harness.Benchmarks.Gate;

namespace Harness.Benchmarks.Tests;

/// <summary>The gate's second chance, measured in a new process of the benchmarks program.</summary>
public sealed class ProcessGateMeasurerTests
{
    private static readonly string s_decoder = GateSuite.Metrics.Single(m => m.Name == "chunk.decoder.bytes_per_event").Benchmark;

    [Fact]
    public void AChildProcess_MeasuresTheBenchmark_AndHandsBackItsFigures()
    {
        var log = new StringWriter();

        var measured = ProcessGateMeasurer.ForThisProgram(log).Measure([s_decoder]);

        var m = Assert.Single(measured).Value;
        Assert.Equal(s_decoder, m.Id);
        Assert.True(m.MedianNanoseconds > 0, $"median {m.MedianNanoseconds} ns");
        Assert.Equal(InterleavedMeasurer.Rounds, m.RoundNanoseconds!.Count);
        Assert.Equal(0, m.BytesPerOperation);
        Assert.Contains("gate: warming up 1 benchmarks", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AChildThatFails_IsAnError_NotAnEmptyMeasurement()
    {
        var measurer = ProcessGateMeasurer.ForThisProgram(new StringWriter());

        Assert.Throws<InvalidOperationException>(() => measurer.Measure(["NoSuchBenchmarks.Nothing[X=1]"]));
    }
}
