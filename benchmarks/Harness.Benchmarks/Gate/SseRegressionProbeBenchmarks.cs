using BenchmarkDotNet.Attributes;
using Harness.Benchmarks.Corpora;
using Harness.Benchmarks.Sse;
using Harness.Core.Sse;

namespace Harness.Benchmarks.Gate;

/// <summary>
/// Deliberate regressions of <see cref="SseParsingBenchmarks.Harness_Sync"/>, measured only when the
/// gate is asked for a <see cref="BenchmarkVariant"/> (to prove it fails). They wrap the shipped
/// parser here and never touch its hot path; the suites never run them.
/// </summary>
[BenchmarkCategory(Categories.GateProbe)]
[MemoryDiagnoser]
public class SseRegressionProbeBenchmarks
{
    private static readonly SseReaderOptions s_options = new() { LeaveOpen = true, ReadBufferSize = 4096 };

    private ChunkedReadStream _stream = null!;

    /// <summary>The corpus parsed (the gate's).</summary>
    [Params(SseCorpusKind.OpenAi)]
    public SseCorpusKind Corpus { get; set; }

    /// <summary>The most bytes one stream read returns (the gate's).</summary>
    [Params("4KiB")]
    public string ReadSize { get; set; } = "4KiB";

    /// <summary>Builds the corpus and the stream.</summary>
    [GlobalSetup]
    public void Setup() =>
        _stream = new ChunkedReadStream(SseCorpus.Create(Corpus), SseParsingBenchmarks.ParseReadSize(ReadSize));

    /// <summary>The shipped parser plus a scalar read of every fourth byte of each event's data.</summary>
    [Benchmark]
    public long Harness_Sync_Slowed()
    {
        _stream.Reset();
        using var reader = new SseReader(_stream, s_options);
        long sum = 0;
        while (reader.Read())
        {
            // A regression of the size the gate exists to catch (about twice the time), not one so
            // gross that any check would see it.
            var data = reader.Data;
            for (int i = 0; i < data.Length; i += 4)
            {
                sum += data[i] ^ 0x5A;
            }

            sum += data.Length;
        }

        return sum;
    }

    /// <summary>The shipped parser plus a string made of each event's data, as careless consumer code would make.</summary>
    [Benchmark]
    public long Harness_Sync_Allocating()
    {
        _stream.Reset();
        using var reader = new SseReader(_stream, s_options);
        long sum = 0;
        while (reader.Read())
        {
            sum += reader.GetDataString().Length;
        }

        return sum;
    }
}
