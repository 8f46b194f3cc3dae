namespace Harness.Benchmarks;

/// <summary>The <c>[BenchmarkCategory]</c> names; frozen once results are committed.</summary>
public static class Categories
{
    /// <summary>SSE parsing over in-memory streams.</summary>
    public const string Sse = "sse";

    /// <summary>SSE parsing plus <c>choices[0].delta.content</c> extraction.</summary>
    public const string SsePipeline = "sse-pipeline";

    /// <summary>Decoding one chunk's JSON payload.</summary>
    public const string Chunk = "chunk";

    /// <summary>WebSocket frames over in-memory streams.</summary>
    public const string WebSocket = "websocket";

    /// <summary>End to end over loopback against the fake server (not in the gate).</summary>
    public const string EndToEnd = "e2e";

    /// <summary>Deliberate regressions the gate's own tests measure (never a suite).</summary>
    public const string GateProbe = "gate-probe";
}
