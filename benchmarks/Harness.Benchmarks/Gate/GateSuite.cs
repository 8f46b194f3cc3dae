using Harness.Benchmarks.Chunks;
using Harness.Benchmarks.Corpora;
using Harness.Benchmarks.Sse;
using Harness.Benchmarks.WebSockets;

namespace Harness.Benchmarks.Gate;

/// <summary>
/// The figures the gate tracks, and so the benchmarks its short run measures. Ratios compare the
/// harness with a reference measured in the same run, which cancels most of a noisy machine's
/// drift; allocations are exact.
/// </summary>
public static class GateSuite
{
    /// <summary>
    /// The least threshold of the two ratios against the scan bound, looser than the global one:
    /// the scan only streams memory while the parsers compute, so a slower machine slows the
    /// parsers more and moves these ratios with nothing changed. The harness-versus-SseParser
    /// ratios, two parsers alike, guard the parser at the global threshold (docs/notes/gate-noise.md).
    /// </summary>
    public const double ScanBoundThreshold = 0.5;

    /// <summary>The benchmark classes the gate draws from.</summary>
    public static IReadOnlyList<Type> BenchmarkTypes { get; } =
    [
        typeof(SseParsingBenchmarks),
        typeof(SsePipelineBenchmarks),
        typeof(ChunkDecodingBenchmarks),
        typeof(WebSocketFrameBenchmarks),
        typeof(SseRegressionProbeBenchmarks),
    ];

    /// <summary>Every tracked metric.</summary>
    public static IReadOnlyList<GateMetric> Metrics { get; } = Build();

    /// <summary>The metrics whose names start with one of <paramref name="prefixes"/> (all when none).</summary>
    public static IReadOnlyList<GateMetric> Select(IReadOnlyCollection<string> prefixes) =>
        prefixes.Count == 0
            ? Metrics
            : Metrics.Where(m => prefixes.Any(p => m.Name.StartsWith(p, StringComparison.Ordinal))).ToList();

    /// <summary>
    /// The metrics with the harness's sync parser on the OpenAI corpus replaced by a deliberate
    /// regression of <paramref name="variant"/> (<see cref="SseRegressionProbeBenchmarks"/>), to prove the gate fails.
    /// </summary>
    public static IReadOnlyList<GateMetric> ForVariant(IReadOnlyList<GateMetric> metrics, BenchmarkVariant variant)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        string? probe = variant switch
        {
            BenchmarkVariant.Slowed => nameof(SseRegressionProbeBenchmarks.Harness_Sync_Slowed),
            BenchmarkVariant.Allocating => nameof(SseRegressionProbeBenchmarks.Harness_Sync_Allocating),
            _ => null,
        };
        if (probe is null)
        {
            return metrics;
        }

        string shipped = Sse(nameof(SseParsingBenchmarks.Harness_Sync), SseCorpusKind.OpenAi);
        string replacement = $"{nameof(SseRegressionProbeBenchmarks)}.{probe}[{Params(SseCorpusKind.OpenAi)}]";
        return metrics.Select(m => m.Benchmark == shipped ? m with { Benchmark = replacement } : m).ToList();
    }

    private static string Params(SseCorpusKind corpus) => $"Corpus={corpus},ReadSize=4KiB";

    private static string Sse(string method, SseCorpusKind corpus) => $"{nameof(SseParsingBenchmarks)}.{method}[{Params(corpus)}]";

    private static List<GateMetric> Build()
    {
        string pipeline = $"{nameof(SsePipelineBenchmarks)}.{{0}}[ReadSize=4KiB]";
        string chunk = $"{nameof(ChunkDecodingBenchmarks)}.{{0}}";
        string ws = $"{nameof(WebSocketFrameBenchmarks)}.{{0}}[PayloadSize=256]";
        var metrics = new List<GateMetric>();

        // The decoder's speed is gated through the pipeline ratio: since the layout fast path it
        // makes no reader pass, so Utf8JsonReader_Floor is no floor for it, and that ratio followed
        // the bare reader's JIT state (0.056-0.384 in four gates with nothing changed).
        // The parser on each corpus the issue targets: against System.Net.ServerSentEvents with a
        // byte-level item parser (its fastest use) and against the line-end scan over the same reads.
        foreach (var (corpus, prefix) in new[] { (SseCorpusKind.OpenAi, "sse"), (SseCorpusKind.OpenAiCrlf, "sse.crlf"), (SseCorpusKind.LongMultiLine, "sse.multiline") })
        {
            string sync = Sse(nameof(SseParsingBenchmarks.Harness_Sync), corpus);
            metrics.Add(new($"{prefix}.harness_sync.vs_sseparser_bytes", GateMetricKind.TimeRatio,
                sync, Sse(nameof(SseParsingBenchmarks.SseParser_Bytes), corpus), 1, "≤ 0.5"));
            metrics.Add(new($"{prefix}.harness_sync.vs_scan", GateMetricKind.TimeRatio,
                sync, Sse(nameof(SseParsingBenchmarks.ScanBound), corpus), 1, "≤ 1.3") { MinimumThreshold = ScanBoundThreshold });
        }

        int sseEvents = SseCorpus.EventCount(SseCorpusKind.OpenAi);
        metrics.AddRange(
        [
            new("sse.harness_memory.vs_scan_memory", GateMetricKind.TimeRatio,
                Sse(nameof(SseParsingBenchmarks.Harness_Memory), SseCorpusKind.OpenAi),
                Sse(nameof(SseParsingBenchmarks.ScanBound_Memory), SseCorpusKind.OpenAi), 1, "≤ 1.3") { MinimumThreshold = ScanBoundThreshold },
            new("sse.harness_sync.bytes_per_event", GateMetricKind.BytesPerEvent,
                Sse(nameof(SseParsingBenchmarks.Harness_Sync), SseCorpusKind.OpenAi), null, sseEvents, "0 per event"),
            new("sse.harness_memory.bytes_per_event", GateMetricKind.BytesPerEvent,
                Sse(nameof(SseParsingBenchmarks.Harness_Memory), SseCorpusKind.OpenAi), null, sseEvents, "0 per event"),
            new("pipeline.harness.vs_span_utf8jsonreader", GateMetricKind.TimeRatio,
                string.Format(pipeline, nameof(SsePipelineBenchmarks.Harness_ChatStreamReader)),
                string.Format(pipeline, nameof(SsePipelineBenchmarks.SpanUtf8JsonReader_Loop)), 1, "≤ 0.67"),
            new("pipeline.harness.bytes_per_event", GateMetricKind.BytesPerEvent,
                string.Format(pipeline, nameof(SsePipelineBenchmarks.Harness_ChatStreamReader)), null, 1, "0 per event"),
            new("chunk.decoder.bytes_per_event", GateMetricKind.BytesPerEvent,
                string.Format(chunk, nameof(ChunkDecodingBenchmarks.Harness_ChatChunkDecoder)), null, 1, "0 per event"),
            new("ws.harness_loop.vs_raw", GateMetricKind.TimeRatio,
                string.Format(ws, nameof(WebSocketFrameBenchmarks.Harness_MessageReader)),
                string.Format(ws, nameof(WebSocketFrameBenchmarks.Receive_Raw)), 1, "≤ 1.1"),
            new("ws.harness_loop_fragmented.vs_raw", GateMetricKind.TimeRatio,
                string.Format(ws, nameof(WebSocketFrameBenchmarks.Harness_MessageReader_Fragmented)),
                string.Format(ws, nameof(WebSocketFrameBenchmarks.Receive_Raw_Fragmented)), 1, ""),
            new("ws.harness_loop.bytes_per_message", GateMetricKind.BytesPerEvent,
                string.Format(ws, nameof(WebSocketFrameBenchmarks.Harness_MessageReader)), null, 1, "0 per message"),
        ]);
        return metrics;
    }
}
