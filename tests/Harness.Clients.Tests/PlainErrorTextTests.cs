using System.Text;
using System.Text.RegularExpressions;
using Harness.Fakes;

namespace Harness.Clients.Tests;

/// <summary>
/// What the network does is said in the user's terms (<see cref="TransportErrorText"/>): no .NET
/// exception type, no runtime wording like "(ResponseEnded)", no hint that does not apply, and
/// server bytes escaped, on every transport and on both HTTP/1.1 paths (pooled and direct).
/// </summary>
public sealed partial class PlainErrorTextTests(FakeServerFixture fake) : IClassFixture<FakeServerFixture>
{
    [Theory]
    [InlineData("sse", false)]
    [InlineData("sse", true)]
    [InlineData("sse-h2", false)]
    [InlineData("ws", false)]
    public async Task An_untrusted_certificate_is_named_without_a_request_size_hint(string transportName, bool direct)
    {
        Assert.True(TransportNames.TryParse(transportName, out var transport));
        await using var server = await FakeServer.StartAsync(new FakeServerOptions { Tls = true });
        var endpoint = transport == Transport.WebSocket ? server.WssUrl! : server.HttpsBaseUrl!;
        var timeline = await StreamAsync(transport, endpoint, direct);
        Assert.Equal("connect_error", OutcomeNames.Describe(timeline));
        Assert.StartsWith(TransportErrorText.UntrustedCertificate + " (self-signed", timeline.ErrorMessage, StringComparison.Ordinal);
        AssertPlain(timeline.ErrorMessage);
        // Connected, the handshake failed: a failed connect and a failed TLS handshake, no connect time.
        Assert.Equal((true, true, true), (timeline.ConnectFailed, timeline.TlsFailed, timeline.TcpConnectDuration is not null));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Https_to_a_plain_http_port_says_the_server_did_not_speak_tls(bool direct)
    {
        var endpoint = new UriBuilder(fake.Server.HttpBaseUrl) { Scheme = "https" }.Uri;
        var timeline = await StreamAsync(Transport.Sse, endpoint, direct);
        Assert.Equal("connect_error", OutcomeNames.Describe(timeline));
        Assert.Equal($"the server at 127.0.0.1:{endpoint.Port} did not speak TLS (plain HTTP on that port?)", timeline.ErrorMessage);
        Assert.Equal((true, true), (timeline.ConnectFailed, timeline.TlsFailed));
    }

    [Fact]
    public async Task H2c_to_an_http11_only_port_says_the_server_does_not_speak_h2c_there()
    {
        var timeline = await StreamAsync(Transport.SseHttp2, fake.Server.HttpBaseUrl, direct: false);
        Assert.Equal("connect_error", OutcomeNames.Describe(timeline));
        // Kestrel answers HTTP_1_1_REQUIRED and closes; about one time in forty the close arrives first.
        Assert.Contains(timeline.ErrorMessage, (string[])[
            "the server does not speak HTTP/2 without TLS (h2c) there: it asked for HTTP/1.1",
            "the server does not speak HTTP/2 without TLS (h2c) there: it ended the connection before the HTTP/2 handshake completed"]);
        // The connection opened; what failed was the protocol on it.
        Assert.Equal((true, false), (timeline.ConnectStarted, timeline.ConnectFailed));
    }

    [Theory]
    [InlineData("sse", false)]
    [InlineData("sse", true)]
    [InlineData("sse-h2", false)]
    [InlineData("ws", false)]
    public async Task A_refused_connection_names_where(string transportName, bool direct)
    {
        Assert.True(TransportNames.TryParse(transportName, out var transport));
        using var refused = new RefusedPort();
        int port = refused.Port;
        var endpoint = new Uri(transport == Transport.WebSocket ? $"ws://127.0.0.1:{port}/v1/ws/chat" : $"http://127.0.0.1:{port}");
        var timeline = await StreamAsync(transport, endpoint, direct);
        Assert.Equal("connect_error", OutcomeNames.Describe(timeline));
        Assert.Equal($"connection refused (127.0.0.1:{port})", timeline.ErrorMessage);
        Assert.Equal((true, false, false), (timeline.ConnectFailed, timeline.TlsFailed, timeline.TcpConnectDuration is not null));
    }

    [Theory]
    [InlineData("sse", false, "connection reset by the server")]
    [InlineData("sse", true, "connection reset by the server")]
    [InlineData("sse-h2", false, "the server reset the HTTP/2 stream (INTERNAL_ERROR)")]
    [InlineData("ws", false, "connection dropped without a close frame: connection reset by the server")]
    public async Task A_connection_reset_mid_stream_is_said_plainly(string transportName, bool direct, string expected)
    {
        Assert.True(TransportNames.TryParse(transportName, out var transport));
        var endpoint = fake.EndpointFor(transport);
        var timeline = await StreamAsync(transport, endpoint, direct, FakeServerFixture.WithFault(transport, transport == Transport.WebSocket ? "ws-abort@3" : "drop-rst@3"));
        Assert.Equal(expected, timeline.ErrorMessage);
    }

    [Theory]
    [InlineData(false, "the server closed the connection before the body's last chunk")]
    [InlineData(true, "the server closed the connection before the body's last chunk")]
    public async Task A_chunked_body_cut_short_is_said_plainly(bool direct, string expected)
    {
        using var server = new ScriptedServer(Encoding.ASCII.GetBytes(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n" +
            "1b\r\ndata: {\"choices\":[]}\n\n\r\n"));
        var timeline = await StreamAsync(Transport.Sse, server.BaseUrl, direct);
        Assert.Equal("truncated", OutcomeNames.Describe(timeline));
        Assert.Equal(expected, timeline.ErrorMessage);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_answer_that_is_not_http_says_so_with_its_bytes_escaped(bool direct)
    {
        using var server = new ScriptedServer([0x01, 0x1b, (byte)'[', (byte)'2', (byte)'J', (byte)'x', (byte)'\r', (byte)'\n', (byte)'\r', (byte)'\n']);
        var timeline = await StreamAsync(Transport.Sse, server.BaseUrl, direct);
        Assert.Equal("connect_error", OutcomeNames.Describe(timeline));
        Assert.StartsWith(direct ? "the server's answer is not valid HTTP/1.1: status line '\\x01\\x1b[2Jx'" : "the server's answer is not valid HTTP", timeline.ErrorMessage, StringComparison.Ordinal);
        AssertPlain(timeline.ErrorMessage);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_redirect_names_where_it_points(bool direct)
    {
        using var server = new ScriptedServer(Encoding.ASCII.GetBytes(
            "HTTP/1.1 302 Found\r\nLocation: https://login.example/sso?token=abcdefghijkl&next=1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        var timeline = await StreamAsync(Transport.Sse, server.BaseUrl, direct);
        Assert.Equal("http_error(302)", OutcomeNames.Describe(timeline));
        Assert.StartsWith("HTTP 302: Found; it points to https://login.example/sso?token=", timeline.ErrorMessage, StringComparison.Ordinal);
        Assert.EndsWith("&next=1 (redirects are not followed)", timeline.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdefghijkl", timeline.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sse")]
    [InlineData("ws")]
    public async Task A_first_token_timeout_names_its_limit_and_option(string transportName)
    {
        Assert.True(TransportNames.TryParse(transportName, out var transport));
        await using var client = fake.Client(transport, new ClientTimeouts { FirstToken = TimeSpan.FromMilliseconds(300) });
        var timeline = await client.StreamAsync(FakeServerFixture.WithFault(transport, null, "fake/ttft=5000,itl=1,tokens=3"));
        Assert.Equal("timeout(first_token)", OutcomeNames.Describe(timeline));
        Assert.Equal("no first token within 0.3 s (--first-token-timeout)", timeline.ErrorMessage);
    }

    [Fact]
    public void An_error_message_is_kept_on_one_line_with_control_characters_escaped()
    {
        var timeline = new RequestTimeline { ErrorMessage = "bad\u0000\u001b[31m\u202eevil\r\nline\ttab" };
        Assert.Equal("bad\\x00\\x1b[31m\\u202eevil line\ttab", timeline.ErrorMessage);
    }

    private static void AssertPlain(string? message)
    {
        Assert.NotNull(message);
        Assert.DoesNotMatch(TypeName(), message);
        Assert.DoesNotContain("over the server's limit", message, StringComparison.Ordinal);
        Assert.False(message.Any(c => char.IsControl(c)), $"a control character in: {message}");
    }

    private static async Task<RequestTimeline> StreamAsync(Transport transport, Uri endpoint, bool direct, ChatRequest? request = null)
    {
        await using var client = ChatStreamClientFactory.Create(transport, new ChatClientOptions
        {
            Endpoint = endpoint,
            DirectConnection = direct,
            Retry = RetryOptions.None,
            Timeouts = new ClientTimeouts { Connect = TimeSpan.FromSeconds(5), FirstToken = TimeSpan.FromSeconds(5), Idle = TimeSpan.FromSeconds(5), Total = TimeSpan.FromSeconds(20) },
        });
        return await client.StreamAsync(request ?? ChatRequest.FromPrompt(FakeServerFixture.ClientModel, "hi")).WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>A .NET type or enum name as the runtime words it: "HttpIOException", "(ResponseEnded)", "UntrustedRoot".</summary>
    [GeneratedRegex(@"[A-Za-z]+Exception\b|\((ResponseEnded|HttpProtocolError|InvalidResponse)\)|UntrustedRoot|HTTP_1_1_REQUIRED")]
    private static partial Regex TypeName();
}
