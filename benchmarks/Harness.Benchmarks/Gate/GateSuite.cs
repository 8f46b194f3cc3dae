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
    private static readonly string s_sseParams = "Corpus=OpenAi,ReadSize=4KiB";

    /// <summary>
    /// The least threshold of the two ratios against the scan bound. The scan only streams memory
    /// while the parsers compute, and when this VM slows down (a busy neighbour) it slows the
    /// parsers more: in 2 of 23 gate runs every parser took about 1.5x as long and the scan 1.2x,
    /// moving both ratios by +30 % with nothing changed. The harness-versus-SseParser ratio, two
    /// parsers alike, stayed within 18 % in all of them and guards the parser at the global threshold.
    /// </summary>
    public const double ScanBoundThreshold = 0.5;

    /// <summary>The benchmark classes the gate draws from.</summary>
    public static IReadOnlyList<Type> BenchmarkTypes { get; } =
    [
        typeof(SseParsingBenchmarks),
        typeof(SsePipelineBenchmarks),
        typeof(ChunkDecodingBenchmarks),
        typeof(WebSocketFrameBenchmarks),
    ];

    /// <summary>Every tracked metric.</summary>
    public static IReadOnlyList<GateMetric> Metrics { get; } = Build();

    /// <summary>The metrics whose names start with one of <paramref name="prefixes"/> (all when none).</summary>
    public static IReadOnlyList<GateMetric> Select(IReadOnlyCollection<string> prefixes) =>
        prefixes.Count == 0
            ? Metrics
            : Metrics.Where(m => prefixes.Any(p => m.Name.StartsWith(p, StringComparison.Ordinal))).ToList();

    private static string Sse(string method) => $"{nameof(SseParsingBenchmarks)}.{method}[{s_sseParams}]";

    private static List<GateMetric> Build()
    {
        int sseEvents = SseCorpus.EventCount(SseCorpusKind.OpenAi);
        string pipeline = $"{nameof(SsePipelineBenchmarks)}.{{0}}[ReadSize=4KiB]";
        string chunk = $"{nameof(ChunkDecodingBenchmarks)}.{{0}}";
        string ws = $"{nameof(WebSocketFrameBenchmarks)}.{{0}}[PayloadSize=256]";
        return
        [
            new("sse.harness_sync.vs_sseparser", GateMetricKind.TimeRatio,
                Sse(nameof(SseParsingBenchmarks.Harness_Sync)), Sse(nameof(SseParsingBenchmarks.SseParser_Sync)), 1, "≤ 0.25"),
            new("sse.harness_sync.vs_scan", GateMetricKind.TimeRatio,
                Sse(nameof(SseParsingBenchmarks.Harness_Sync)), Sse(nameof(SseParsingBenchmarks.ScanBound)), 1, "≤ 1.5") { MinimumThreshold = ScanBoundThreshold },
            new("sse.harness_memory.vs_scan", GateMetricKind.TimeRatio,
                Sse(nameof(SseParsingBenchmarks.Harness_Memory)), Sse(nameof(SseParsingBenchmarks.ScanBound)), 1, "≤ 1.5") { MinimumThreshold = ScanBoundThreshold },
            new("sse.harness_sync.bytes_per_event", GateMetricKind.BytesPerEvent,
                Sse(nameof(SseParsingBenchmarks.Harness_Sync)), null, sseEvents, "0 per event"),
            new("sse.harness_memory.bytes_per_event", GateMetricKind.BytesPerEvent,
                Sse(nameof(SseParsingBenchmarks.Harness_Memory)), null, sseEvents, "0 per event"),
            new("pipeline.harness.vs_sseparser_jsondocument", GateMetricKind.TimeRatio,
                string.Format(pipeline, nameof(SsePipelineBenchmarks.Harness_ChatStreamReader)),
                string.Format(pipeline, nameof(SsePipelineBenchmarks.SseParser_JsonDocument)), 1, "≤ 0.25"),
            new("pipeline.harness.bytes_per_event", GateMetricKind.BytesPerEvent,
                string.Format(pipeline, nameof(SsePipelineBenchmarks.Harness_ChatStreamReader)), null, 1, "≤ 40"),
            new("chunk.decoder.vs_jsondocument", GateMetricKind.TimeRatio,
                string.Format(chunk, nameof(ChunkDecodingBenchmarks.Harness_ChatChunkDecoder)),
                string.Format(chunk, nameof(ChunkDecodingBenchmarks.JsonDocument_Content)), 1, ""),
            new("chunk.decoder.vs_reader_floor", GateMetricKind.TimeRatio,
                string.Format(chunk, nameof(ChunkDecodingBenchmarks.Harness_ChatChunkDecoder)),
                string.Format(chunk, nameof(ChunkDecodingBenchmarks.Utf8JsonReader_Floor)), 1, ""),
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
        ];
    }
}
