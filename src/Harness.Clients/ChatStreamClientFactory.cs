using System.Net.Security;

namespace Harness.Clients;

/// <summary>Makes the <see cref="IChatStreamClient"/> for a transport.</summary>
public static class ChatStreamClientFactory
{
    /// <summary>
    /// An SSE client (HTTP/1.1 or HTTP/2) for an http(s) endpoint, or a WebSocket client for a
    /// ws(s) endpoint. <paramref name="certificateValidation"/> overrides TLS certificate checks
    /// (for a fake's self-signed certificate).
    /// </summary>
    public static IChatStreamClient Create(Transport transport, ChatClientOptions options, RemoteCertificateValidationCallback? certificateValidation = null) => transport switch
    {
        Transport.Sse => new SseChatClient(options, http2: false, certificateValidation),
        Transport.SseHttp2 => new SseChatClient(options, http2: true, certificateValidation),
        Transport.WebSocket => new WebSocketChatClient(options, certificateValidation),
        _ => throw new ArgumentOutOfRangeException(nameof(transport)),
    };
}
