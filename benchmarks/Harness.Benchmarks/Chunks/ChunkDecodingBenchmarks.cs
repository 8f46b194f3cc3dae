using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Harness.Benchmarks.Corpora;
using Harness.Core.OpenAI;

namespace Harness.Benchmarks.Chunks;

/// <summary>
/// Extracting <c>choices[0].delta.content</c> from one chunk payload (already split out of the
/// stream), figures per chunk: the harness's <see cref="ChatChunkDecoder"/> (Utf8JsonReader), a
/// source-generated <see cref="JsonSerializer"/> context, and <see cref="JsonDocument"/>.
/// </summary>
[BenchmarkCategory(Categories.Chunk)]
[MemoryDiagnoser]
public class ChunkDecodingBenchmarks
{
    /// <summary>Payloads per operation (the last is <c>[DONE]</c>).</summary>
    public const int Payloads = 10_000;

    private static readonly byte[] s_done = "[DONE]"u8.ToArray();

    private byte[][] _payloads = [];
    private readonly ChatChunkDecoder _decoder = new();

    /// <summary>Builds the payloads.</summary>
    [GlobalSetup]
    public void Setup() => _payloads = SseCorpus.OpenAiPayloads(Payloads - 1);

    /// <summary>Returns the decoder's buffers.</summary>
    [GlobalCleanup]
    public void Cleanup() => _decoder.Dispose();

    /// <summary>The reference: <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/> and property lookups.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Payloads)]
    public long JsonDocument_Content()
    {
        long sum = 0;
        foreach (var payload in _payloads)
        {
            if (payload.AsSpan().SequenceEqual(s_done))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(payload);
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

    /// <summary>A source-generated <see cref="JsonSerializer"/> context binding only the content path.</summary>
    [Benchmark(OperationsPerInvoke = Payloads)]
    public long SourceGenerated_Content()
    {
        long sum = 0;
        foreach (var payload in _payloads)
        {
            if (payload.AsSpan().SequenceEqual(s_done))
            {
                continue;
            }

            var chunk = JsonSerializer.Deserialize(payload, ChatChunkJsonContext.Default.ChatChunkDto);
            if (chunk?.Choices is [{ Delta.Content: { } content }, ..])
            {
                sum += content.Length;
            }
        }

        return sum;
    }

    /// <summary>The harness's <see cref="ChatChunkDecoder"/> (Utf8JsonReader, content left as UTF-8).</summary>
    [Benchmark(OperationsPerInvoke = Payloads)]
    public long Harness_ChatChunkDecoder()
    {
        long sum = 0;
        foreach (var payload in _payloads)
        {
            if (_decoder.Decode(payload) == ChatChunkKind.Chunk)
            {
                sum += _decoder.ContentUtf8.Length;
            }
        }

        return sum;
    }

    /// <summary>
    /// The floor for any decoder that validates the whole chunk: one <see cref="Utf8JsonReader"/>
    /// pass to the end, extracting nothing. What the harness's decoder costs above this is its own.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Payloads)]
    public long Utf8JsonReader_Floor()
    {
        long tokens = 0;
        foreach (var payload in _payloads)
        {
            if (payload.AsSpan().SequenceEqual(s_done))
            {
                continue;
            }

            var reader = new Utf8JsonReader(payload);
            while (reader.Read())
            {
                tokens++;
            }
        }

        return tokens;
    }
}
