namespace Harness.Clients;

/// <summary>How a chat stream client connects and what it speaks.</summary>
public sealed record ChatClientOptions
{
    /// <summary>
    /// SSE: the base URL (<c>http://127.0.0.1:PORT</c>, with or without <c>/v1</c>), or a full
    /// <c>…/chat/completions</c> or <c>…/responses</c> URL. WebSocket: the <c>ws://</c>/<c>wss://</c> URL.
    /// </summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The API key (see <see cref="ApiKeySource"/>); sent as <c>Authorization: Bearer</c>, never recorded or printed.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Per-phase timeouts.</summary>
    public ClientTimeouts Timeouts { get; init; } = new();

    /// <summary>Retries for 429/503.</summary>
    public RetryOptions Retry { get; init; } = new();

    /// <summary>The SSE wire dialect.</summary>
    public SseDialect SseDialect { get; init; } = SseDialect.ChatCompletions;

    /// <summary>The WebSocket message dialect.</summary>
    public WebSocketDialect WebSocketDialect { get; init; } = WebSocketDialect.Default;

    /// <summary>Largest SSE event or WebSocket message accepted, in bytes. Default 1 MiB.</summary>
    public int MaxMessageSize { get; init; } = 1 << 20;

    /// <summary>When set, the raw body (SSE) or messages (WebSocket) of each final attempt are recorded here (one request at a time).</summary>
    public StreamRecorder? Recorder { get; init; }

    /// <summary>
    /// Counts each request's output (content and reasoning text) once at its end, into
    /// <see cref="RequestTimeline.CountedTokens"/>; null keeps no text and counts nothing.
    /// </summary>
    public TokenCounter? OutputTokenCounter { get; init; }

    /// <summary>Content deltas a timeline is first sized for (it grows as needed).</summary>
    public int ExpectedTokens { get; init; } = 256;

    /// <summary>
    /// One request at a time, each on a connection made on the calling thread: a blocking connect
    /// (no wake of the socket engine's thread), and for HTTP/1.1 SSE with no proxy in the way the
    /// request written and its response read without SocketsHttpHandler's pool, whose hand-offs
    /// between threads are part of the measured time (about 1 ms on an idle 2-core VM; see
    /// docs/measurement.md). Blocks that thread for the connect's round trip, so it suits
    /// <c>stream</c>, not a load run. Timeouts and outcomes are the same either way.
    /// </summary>
    public bool DirectConnection { get; init; }
}
