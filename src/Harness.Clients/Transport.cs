namespace Harness.Clients;

/// <summary>How a chat stream travels. The names (<c>sse</c>, <c>sse-h2</c>, <c>ws</c>) are the CLI's.</summary>
public enum Transport
{
    /// <summary>Server-Sent Events over HTTP/1.1 (<c>sse</c>).</summary>
    Sse,

    /// <summary>Server-Sent Events over HTTP/2 (<c>sse-h2</c>; h2c prior knowledge on plain http).</summary>
    SseHttp2,

    /// <summary>WebSocket messages (<c>ws</c>).</summary>
    WebSocket,
}
