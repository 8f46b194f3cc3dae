namespace Harness.Clients.WebSockets;

/// <summary>
/// RFC 6455 §7.4.1 close codes the client records that <see cref="System.Net.WebSockets.WebSocketCloseStatus"/>
/// cannot carry: they are never sent in a close frame, only reported by an endpoint.
/// </summary>
internal static class WebSocketCloseCodes
{
    /// <summary>Spec: "1005 … indicate[s] that no status code was actually present" in the close frame.</summary>
    public const int NoStatusReceived = 1005;

    /// <summary>Spec: "1006 … indicate[s] that the connection was closed abnormally, e.g., without sending or receiving a Close control frame".</summary>
    public const int AbnormalClosure = 1006;
}
