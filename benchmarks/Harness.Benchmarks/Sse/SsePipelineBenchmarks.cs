using System.Net.ServerSentEvents;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Harness.Benchmarks.Baselines;
using Harness.Benchmarks.Corpora;
using Harness.Core.OpenAI;
using Harness.Core.Sse;

namespace Harness.Benchmarks.Sse;

/// <summary>
/// Parsing the OpenAI corpus plus extracting <c>choices[0].delta.content</c> from every chunk:
/// what a client does per token. Reference: <see cref="SpanUtf8JsonReaderLoop"/>, the plain loop a
/// careful engineer would write (line split on spans, one <see cref="Utf8JsonReader"/> pass per chunk,
/// the same fields the harness extracts); typical use: <see cref="SseParser"/> + <see cref="JsonDocument"/>.
/// Figures are per event (the corpus has <see cref="SseCorpus.OpenAiEventCount"/> + 1 events).
/// </summary>
[BenchmarkCategory(Categories.SsePipeline)]
[MemoryDiagnoser]
public class SsePipelineBenchmarks
{
    /// <summary>Events per operation.</summary>
    public const int Events = SseCorpus.OpenAiEventCount + 1;

    private static readonly SseReaderOptions s_options = new() { LeaveOpen = true };

    private readonly SpanUtf8JsonReaderLoop _loop = new();
    private ChunkedReadStream _stream = null!;

    /// <summary>The most bytes one stream read returns.</summary>
    [Params("4KiB")]
    public string ReadSize { get; set; } = "4KiB";

    /// <summary>Builds the corpus and the stream.</summary>
    [GlobalSetup]
    public void Setup() =>
        _stream = new ChunkedReadStream(SseCorpus.Create(SseCorpusKind.OpenAi), SseParsingBenchmarks.ParseReadSize(ReadSize));

    /// <summary>Typical use: <see cref="SseParser"/> (string data) and <see cref="JsonDocument"/>.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long SseParser_JsonDocument()
    {
        _stream.Reset();
        long sum = 0;
        foreach (var item in SseParser.Create(_stream).Enumerate())
        {
            if (item.Data == "[DONE]")
            {
                break;
            }

            using var doc = JsonDocument.Parse(item.Data);
            var choices = doc.RootElement.GetProperty("choices");
            if (choices.GetArrayLength() > 0
                && choices[0].TryGetProperty("delta", out var delta)
                && delta.TryGetProperty("content", out var content)
                && content.ValueKind == JsonValueKind.String)
            {
                sum += content.GetString()!.Length;
            }
        }

        return sum;
    }

    /// <summary>The harness: <see cref="ChatStreamReader"/> (SseReader + ChatChunkDecoder).</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long Harness_ChatStreamReader()
    {
        _stream.Reset();
        using var reader = new ChatStreamReader(_stream, MalformedChunkPolicy.Report, s_options);
        long sum = 0;
        while (reader.Read())
        {
            sum += reader.Current.ContentUtf8.Length;
        }

        return sum;
    }

    /// <summary>The reference: <see cref="SpanUtf8JsonReaderLoop"/> over the same reads.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public long SpanUtf8JsonReader_Loop()
    {
        _stream.Reset();
        return _loop.Run(_stream);
    }
}
