using System.Globalization;
using System.Net.Http;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;
using Harness.Clients.Internal;
using Harness.Clients.Redaction;
using Harness.Core;

namespace Harness.Clients;

/// <summary>
/// Says what went wrong on the network in the user's terms, on one line: "connection refused
/// (127.0.0.1:8080)", "connection reset by the server", "the server's TLS certificate is not
/// trusted (...)", "the server did not speak TLS", never a .NET exception's type, an enum's name or
/// the runtime's wording. The one home for that: the clients' outcome details and conformance's evidence use it.
/// </summary>
public static class TransportErrorText
{
    /// <summary>How an untrusted certificate's description starts (for a caller that can add how to accept it).</summary>
    public const string UntrustedCertificate = "the server's TLS certificate is not trusted";

    /// <summary>
    /// For a redirect (3xx) with a <c>Location</c>: "; it points to URL (redirects are not followed)",
    /// the URL shown as endpoints are (credentials and signed query values hidden, the key redacted);
    /// empty otherwise.
    /// </summary>
    public static string Redirect(int status, IEnumerable<string>? location, string? apiKey)
    {
        if (status is < 300 or > 399 || location?.FirstOrDefault(l => !string.IsNullOrWhiteSpace(l)) is not { } target)
        {
            return string.Empty;
        }

        return $"; it points to {SecretRedactor.Redact(EndpointUrl.ForDisplay(target.Trim()), apiKey)} (redirects are not followed)";
    }

    /// <summary>
    /// One line for <paramref name="exception"/> (a failed request, connect, handshake or read);
    /// <paramref name="endpoint"/>, when given, names where (<c>host:port</c>) in the lines about connecting.
    /// </summary>
    public static string Describe(Exception exception, Uri? endpoint = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string where = endpoint is null ? string.Empty : $" ({endpoint.Host}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)})";
        string text = ExceptionChain.Find<AuthenticationException>(exception) is { } tls ? Tls(tls, endpoint, where)
            : ExceptionChain.Find<HttpProtocolException>(exception) is { } h2 ? Http2(h2, endpoint)
            : Http2HandshakeCut(exception) ? Http2Handshake(endpoint)
            : ExceptionChain.Find<SocketException>(exception) is { } socket ? Socket(socket, endpoint, where)
            : Plain(exception) ?? Layered(exception, where) ?? ExceptionText.Innermost(exception).Message;
        return PrintableText.OneLine(text);
    }

    /// <summary>
    /// True when <paramref name="description"/> (a <see cref="Describe"/> line) says the endpoint
    /// cannot be reached as given, however often it is asked: connection refused, a host name not
    /// found, a TLS handshake or certificate that fails, a server that will not speak h2c. A reset, a
    /// timeout, an unanswered DNS query or an unreachable host can pass with load or time, so they
    /// are not. Read from the words this type writes, so the two live side by side.
    /// </summary>
    public static bool IsPermanentConnectFailure(string? description) =>
        description is not null
        && (description.StartsWith("connection refused", StringComparison.Ordinal)
            || description.StartsWith("host name not found", StringComparison.Ordinal)
            || description.StartsWith(UntrustedCertificate, StringComparison.Ordinal)
            || description.StartsWith("the server's TLS certificate is not", StringComparison.Ordinal)
            || description.StartsWith("the server sent no TLS certificate", StringComparison.Ordinal)
            || description.StartsWith("the TLS handshake failed", StringComparison.Ordinal)
            || description.StartsWith("the server closed the connection during the TLS handshake", StringComparison.Ordinal)
            || (description.StartsWith("the server", StringComparison.Ordinal) && description.Contains(" did not speak TLS", StringComparison.Ordinal))
            || description.StartsWith("the server does not speak HTTP/2 without TLS", StringComparison.Ordinal));

    /// <summary>
    /// True when <paramref name="exception"/> is an open connection breaking (reset, aborted, closed,
    /// timed out by the system) rather than a TLS or protocol failure: what a server does to a request
    /// it will not take. Only meaningful once connected (a refused connect is a socket error too).
    /// </summary>
    public static bool IsConnectionCut(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (ExceptionText.HasInner<AuthenticationException>(exception) || ExceptionText.HasInner<HttpProtocolException>(exception)
            || ExceptionChain.Find<HttpRequestException>(exception)?.HttpRequestError is HttpRequestError.SecureConnectionError or HttpRequestError.InvalidResponse
                or HttpRequestError.VersionNegotiationError or HttpRequestError.HttpProtocolError)
        {
            return false;
        }

        return ExceptionText.HasInner<SocketException>(exception) || ExceptionText.HasInner<IOException>(exception)
            || ExceptionChain.Find<HttpRequestException>(exception)?.HttpRequestError is HttpRequestError.ResponseEnded;
    }

    private static string Tls(AuthenticationException tls, Uri? endpoint, string where)
    {
        string message = tls.Message;
        if (message.Contains("frame size", StringComparison.OrdinalIgnoreCase) || message.Contains("unexpected packet format", StringComparison.OrdinalIgnoreCase))
        {
            return $"the server{(endpoint is null ? string.Empty : $" at {endpoint.Host}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}")} did not speak TLS (plain HTTP on that port?)";
        }

        if (message.Contains("RemoteCertificateNameMismatch", StringComparison.Ordinal))
        {
            return $"the server's TLS certificate is not for {endpoint?.IdnHost ?? "this host name"}";
        }

        if (message.Contains("RemoteCertificateNotAvailable", StringComparison.Ordinal))
        {
            return "the server sent no TLS certificate";
        }

        if (message.Contains("ValidationCallback", StringComparison.Ordinal))
        {
            return "the server's TLS certificate is not the one expected";
        }

        if (message.Contains("certificate chain", StringComparison.Ordinal))
        {
            string why = message.Contains("UntrustedRoot", StringComparison.Ordinal) ? "self-signed, or issued by an authority this machine does not trust"
                : message.Contains("PartialChain", StringComparison.Ordinal) ? "its chain does not reach a trusted authority: an intermediate certificate missing?"
                : message.Contains("NotTimeValid", StringComparison.Ordinal) ? "expired or not yet valid"
                : message.Contains("Revoked", StringComparison.Ordinal) ? "revoked"
                : "its chain does not validate";
            return $"{UntrustedCertificate} ({why})";
        }

        return $"the TLS handshake failed{where}";
    }

    private static string Http2(HttpProtocolException h2, Uri? endpoint)
    {
        string code = h2.ErrorCode switch
        {
            0x0 => "NO_ERROR",
            0x1 => "PROTOCOL_ERROR",
            0x2 => "INTERNAL_ERROR",
            0x3 => "FLOW_CONTROL_ERROR",
            0x4 => "SETTINGS_TIMEOUT",
            0x5 => "STREAM_CLOSED",
            0x6 => "FRAME_SIZE_ERROR",
            0x7 => "REFUSED_STREAM",
            0x8 => "CANCEL",
            0x9 => "COMPRESSION_ERROR",
            0xa => "CONNECT_ERROR",
            0xb => "ENHANCE_YOUR_CALM",
            0xc => "INADEQUATE_SECURITY",
            0xd => "HTTP_1_1_REQUIRED",
            _ => string.Create(CultureInfo.InvariantCulture, $"error code 0x{h2.ErrorCode:x}"),
        };
        if (h2.ErrorCode == 0xd)
        {
            return endpoint?.Scheme is "http" or "ws"
                ? "the server does not speak HTTP/2 without TLS (h2c) there: it asked for HTTP/1.1"
                : "the server asked for HTTP/1.1 instead of HTTP/2";
        }

        return h2.Message.Contains("reset the stream", StringComparison.OrdinalIgnoreCase) ? $"the server reset the HTTP/2 stream ({code})"
            : h2.Message.Contains("closed the connection", StringComparison.OrdinalIgnoreCase) ? $"the server closed the HTTP/2 connection ({code})"
            : $"the HTTP/2 exchange broke the protocol ({code})";
    }

    // The connection ended (closed or reset) before the server's first HTTP/2 frame: SocketsHttpHandler
    // says so in its own words and no protocol error code. A server that refuses h2c usually answers
    // with HTTP_1_1_REQUIRED first (Http2 above), but when its close overtakes that frame on the way,
    // only this is left, so both say the same about the endpoint.
    private static bool Http2HandshakeCut(Exception exception) =>
        ExceptionChain.Find(exception, static e => e.Message.Contains("HTTP/2 connection could not be established", StringComparison.Ordinal)) is not null;

    private static string Http2Handshake(Uri? endpoint) => endpoint?.Scheme is "http" or "ws"
        ? "the server does not speak HTTP/2 without TLS (h2c) there: it ended the connection before the HTTP/2 handshake completed"
        : "the server ended the connection before the HTTP/2 handshake completed";

    private static string Socket(SocketException socket, Uri? endpoint, string where) => socket.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => $"connection refused{where}",
        SocketError.ConnectionReset => "connection reset by the server",
        SocketError.ConnectionAborted => "connection aborted",
        SocketError.Shutdown => "the server closed the connection",
        SocketError.TimedOut => $"the connection timed out{where}",
        SocketError.HostNotFound or SocketError.NoData => $"host name not found{(endpoint is null ? string.Empty : $" ({endpoint.IdnHost})")}",
        SocketError.TryAgain => $"the host name could not be resolved now{(endpoint is null ? string.Empty : $" ({endpoint.IdnHost})")} (DNS did not answer)",
        SocketError.HostUnreachable => $"host unreachable{where}",
        SocketError.NetworkUnreachable => $"network unreachable{where}",
        SocketError.NetworkDown => "the network is down",
        SocketError.AddressNotAvailable => $"address not available{where}",
        // The system's own words, without the endpoint .NET appends ("... [::ffff:127.0.0.1]:80").
        _ => LowerFirst(new SocketException(socket.ErrorCode).Message) + where,
    };

    /// <summary>The outermost message the harness worded itself (the direct HTTP/1.1 path's), or null.</summary>
    private static string? Plain(Exception exception)
    {
        if (ExceptionChain.Find(exception, ExceptionText.IsPlain) is not { } e)
        {
            return null;
        }

        // HttpIOException appends its error's name to the message it was given: " (ResponseEnded)".
        string suffix = e is HttpIOException io ? $" ({io.HttpRequestError})" : "\0";
        return e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message[..^suffix.Length] : e.Message;
    }

    /// <summary>What the HTTP or WebSocket layer says, from the innermost layer that says something known; null when none does.</summary>
    private static string? Layered(Exception exception, string where)
    {
        var chain = new List<Exception>();
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            chain.Add(e);
        }

        if (chain.Exists(e => e is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError }))
        {
            return chain[^1] is IOException io && io.Message.Contains("unexpected EOF", StringComparison.OrdinalIgnoreCase)
                ? $"the server closed the connection during the TLS handshake{where} (does it speak TLS on that port?)"
                : $"the TLS handshake failed{where}";
        }

        for (int i = chain.Count - 1; i >= 0; i--)
        {
            string? text = chain[i] switch
            {
                HttpIOException io => Http(io.HttpRequestError, where),
                HttpRequestException request => Http(request.HttpRequestError, where),
                WebSocketException ws => WebSocket(ws.WebSocketErrorCode),
                IOException io when io.Message.Contains("unexpected EOF", StringComparison.OrdinalIgnoreCase) => "the server closed the connection",
                _ => null,
            };
            if (text is not null)
            {
                return text;
            }
        }

        return null;
    }

    private static string? Http(HttpRequestError error, string where) => error switch
    {
        HttpRequestError.NameResolutionError => $"host name not found{where}",
        HttpRequestError.ConnectionError => $"the connection failed{where}",
        HttpRequestError.SecureConnectionError => $"the TLS handshake failed{where}",
        HttpRequestError.HttpProtocolError => "the server broke the HTTP/2 protocol (or does not speak HTTP/2 there)",
        HttpRequestError.ExtendedConnectNotSupported => "the server does not take WebSockets over HTTP/2",
        HttpRequestError.VersionNegotiationError => "the server would not speak the HTTP version asked for (HTTP/2 over TLS needs it offered in the handshake)",
        HttpRequestError.UserAuthenticationError => "the proxy refused the credentials",
        HttpRequestError.ProxyTunnelError => "the proxy would not open a tunnel to the server",
        HttpRequestError.InvalidResponse => "the server's answer is not valid HTTP (is something else listening on that port?)",
        HttpRequestError.ResponseEnded => "the server closed the connection before the response ended",
        HttpRequestError.ConfigurationLimitExceeded => "the response headers are over the size limit",
        _ => null,
    };

    private static string? WebSocket(WebSocketError error) => error switch
    {
        WebSocketError.ConnectionClosedPrematurely => "the server closed the connection without a WebSocket close frame",
        WebSocketError.NotAWebSocket => "the server did not accept the WebSocket upgrade",
        WebSocketError.HeaderError => "the server's answer to the WebSocket upgrade has a wrong header",
        WebSocketError.UnsupportedVersion => "the server does not speak this WebSocket version",
        WebSocketError.UnsupportedProtocol => "the server does not speak the WebSocket subprotocol asked for",
        WebSocketError.InvalidMessageType => "the server sent a WebSocket frame of a kind the protocol does not allow there",
        _ => null,
    };

    private static string LowerFirst(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;
}
