namespace Harness.Clients.SelfCheck;

/// <summary>Where the harness's fake serves, for a self-check: HTTP/1.1 (also its write-times endpoint), h2c and WebSocket.</summary>
/// <param name="Http">HTTP/1.1 base URL, e.g. <c>http://127.0.0.1:PORT</c>.</param>
/// <param name="Http2">h2c base URL.</param>
/// <param name="WebSocket">WebSocket chat URL.</param>
public sealed record SelfCheckEndpoints(Uri Http, Uri Http2, Uri WebSocket)
{
    /// <summary>The endpoint for <paramref name="transport"/>.</summary>
    public Uri For(Transport transport) => transport switch
    {
        Transport.Sse => Http,
        Transport.SseHttp2 => Http2,
        _ => WebSocket,
    };
}
