using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CsCheck;
using Harness.Clients.Internal.Http11;

namespace Harness.Clients.Tests.Internal.Http11;

/// <summary>
/// The direct HTTP/1.1 path against SocketsHttpHandler, byte for byte on the same server: what it
/// writes, and what it makes of any valid response.
/// </summary>
public sealed class Http11ConnectionTests
{
    private static readonly Gen<string> s_token = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-_."], 1, 20];

    [Fact]
    public async Task Writes_the_request_socketshttphandler_writes()
    {
        await using var server = new CannedResponseServer { Response = ["HTTP/1.1 204 No Content\r\n\r\n"u8.ToArray()] };
        using (var pooled = new HttpClient(new SocketsHttpHandler { UseProxy = false }))
        using (var response = await pooled.SendAsync(Request(server.Url)))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        using (var response = await SendDirectAsync(Request(server.Url)))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        Assert.True(server.Requests.TryDequeue(out var theirs));
        Assert.True(server.Requests.TryDequeue(out var ours));
        Assert.Equal(Parsed(theirs), Parsed(ours));
    }

    /// <summary>RFC 9110 §7.2: an IPv6 literal's Host field keeps its brackets ("[::1]:8080"), as in the URI.</summary>
    [Fact]
    public async Task Host_of_an_ipv6_literal_keeps_its_brackets()
    {
        await using var server = new CannedResponseServer(IPAddress.IPv6Loopback) { Response = ["HTTP/1.1 204 No Content\r\n\r\n"u8.ToArray()] };
        using (var response = await SendDirectAsync(Request(server.Url)))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        using (var pooled = new HttpClient(new SocketsHttpHandler { UseProxy = false }))
        using (var response = await pooled.SendAsync(Request(server.Url)))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        Assert.True(server.Requests.TryDequeue(out var ours));
        Assert.True(server.Requests.TryDequeue(out var theirs));
        string host = Encoding.Latin1.GetString(ours).Split("\r\n").Single(l => l.StartsWith("Host:", StringComparison.OrdinalIgnoreCase));
        Assert.Equal($"Host: [::1]:{server.Url.Port}", host);
        Assert.Equal(Parsed(theirs), Parsed(ours));
    }

    [Theory]
    [InlineData("Bad\r\nInjected: 1")]
    [InlineData("nul\0")]
    [InlineData("caf\u00e9")]
    public async Task Refuses_a_header_value_socketshttphandler_refuses(string value)
    {
        await using var server = new CannedResponseServer { Response = ["HTTP/1.1 204 No Content\r\n\r\n"u8.ToArray()] };
        var request = Request(server.Url);
        request.Headers.TryAddWithoutValidation("X-Custom", value);
        await Assert.ThrowsAsync<HttpRequestException>(() => SendDirectAsync(request));
        Assert.Empty(server.Requests);
    }

    /// <summary>Any valid response (interim responses, either line end, any framing, chunk extensions, trailers) reads as SocketsHttpHandler reads it.</summary>
    [Fact]
    public async Task Any_valid_response_reads_as_socketshttphandler_reads_it()
    {
        await using var server = new CannedResponseServer();
        using var pooled = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero });
        var gen = Gen.Select(Gen.Int[0, 6].Select(i => new[] { 200, 201, 400, 404, 429, 500, 503 }[i]), Gen.Int[0, 2], Gen.Bool, Gen.Int[0, 2], s_token, Gen.String[Gen.Char["data: {}\"\n\\abcé"], 0, 300], Gen.Int[1, 40].Array[1, 8], Gen.Int[1, 4]);
        await gen.SampleAsync(
            async (status, interim, bareLf, framing, token, text, cuts, pieces) =>
            {
                var wire = Response(status, interim, bareLf, framing, token, Encoding.UTF8.GetBytes(text), cuts);
                server.Response = Split(wire, pieces);
                var theirs = await ReadAsync(() => pooled.SendAsync(Request(server.Url), HttpCompletionOption.ResponseHeadersRead));
                var ours = await ReadAsync(() => SendDirectAsync(Request(server.Url)));
                Assert.Equal(theirs, ours);
                Assert.Equal(status, ours.Status);
            },
            iter: 60,
            threads: 1,
            seed: "0N0XIzNsQ0O2");
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nA: b\r\n c\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd")]
    [InlineData("HTTP/1.1 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Le")]
    [InlineData("")]
    public async Task An_invalid_or_cut_head_is_a_request_error(string wire)
    {
        await using var server = new CannedResponseServer { Response = [Encoding.Latin1.GetBytes(wire)] };
        await Assert.ThrowsAsync<HttpRequestException>(() => SendDirectAsync(Request(server.Url)));
    }

    [Fact]
    public async Task A_refused_connection_is_a_connection_error()
    {
        using var refused = new RefusedPort();
        var url = new Uri($"http://127.0.0.1:{refused.Port}/v1/chat/completions");
        var ex = await Assert.ThrowsAsync<HttpRequestException>(async () => await Http11Connection.OpenAsync(url, null, null, CancellationToken.None));
        Assert.Equal(HttpRequestError.ConnectionError, ex.HttpRequestError);
    }

    private static HttpRequestMessage Request(Uri url)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Version = HttpVersion.Version11,
            Content = new ByteArrayContent("""{"model":"m","stream":true}"""u8.ToArray()),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-test");
        request.Headers.TryAddWithoutValidation("X-Custom", "a, b;c=d");
        request.Headers.TryAddWithoutValidation("OpenAI-Organization", "org-1");
        return request;
    }

    private static async Task<HttpResponseMessage> SendDirectAsync(HttpRequestMessage request)
    {
        var connection = await Http11Connection.OpenAsync(request.RequestUri!, null, null, CancellationToken.None);
        return await connection.SendAsync(request, null, CancellationToken.None);
    }

    /// <summary>The request line, the fields as a sorted (lower-cased name, value) list, and the body.</summary>
    private static string Parsed(byte[] request)
    {
        var text = Encoding.Latin1.GetString(request);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = text[..end].Split("\r\n");
        var fields = lines[1..].Select(l => (l[..l.IndexOf(':')].ToLowerInvariant(), l[(l.IndexOf(':') + 1)..].Trim())).Order();
        return $"{lines[0]}\n{string.Join("\n", fields)}\n\n{text[(end + 4)..]}";
    }

    private static async Task<Result> ReadAsync(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            using var response = await send();
            var body = await response.Content.ReadAsByteArrayAsync();
            var test = response.Headers.TryGetValues("X-Test", out var values) ? string.Join("|", values) : null;
            return new Result((int)response.StatusCode, response.ReasonPhrase, response.Version, response.Content.Headers.ContentType?.ToString(), test, Convert.ToHexString(body), null);
        }
        catch (HttpRequestException ex)
        {
            return new Result(0, null, null, null, null, null, ex.GetType().Name);
        }
    }

    private static byte[] Response(int status, int interim, bool bareLf, int framing, string token, byte[] body, int[] cuts)
    {
        var eol = bareLf ? "\n" : "\r\n";
        var head = new StringBuilder();
        if (interim == 1)
        {
            head.Append("HTTP/1.1 100 Continue").Append(eol).Append(eol);
        }
        else if (interim == 2)
        {
            head.Append("HTTP/1.1 103 Early Hints").Append(eol).Append("Link: </style.css>; rel=preload").Append(eol).Append(eol);
        }

        head.Append("HTTP/1.1 ").Append(status).Append(" Reason ").Append(token).Append(eol);
        head.Append("Content-Type: text/event-stream; charset=utf-8").Append(eol);
        head.Append("X-Test:  ").Append(token).Append(" \t").Append(eol);
        var wire = new MemoryStream();
        switch (framing)
        {
            case 0:
                head.Append("Content-Length: ").Append(body.Length).Append(eol).Append(eol);
                wire.Write(Encoding.Latin1.GetBytes(head.ToString()));
                wire.Write(body);
                break;
            case 1:
                head.Append("Transfer-Encoding: chunked").Append(eol).Append(eol);
                wire.Write(Encoding.Latin1.GetBytes(head.ToString()));
                var at = 0;
                for (var i = 0; at < body.Length; i++)
                {
                    var n = Math.Min(cuts[i % cuts.Length], body.Length - at);
                    wire.Write(Encoding.ASCII.GetBytes($"{n:x}{(i % 3 == 1 ? ";ext=" + token : string.Empty)}{eol}"));
                    wire.Write(body, at, n);
                    wire.Write(Encoding.ASCII.GetBytes(eol));
                    at += n;
                }

                wire.Write(Encoding.ASCII.GetBytes($"0{eol}{(cuts.Length % 2 == 0 ? "Trailer-A: " + token + eol : string.Empty)}{eol}"));
                break;
            default:
                head.Append("Connection: close").Append(eol).Append(eol);
                wire.Write(Encoding.Latin1.GetBytes(head.ToString()));
                wire.Write(body);
                break;
        }

        return wire.ToArray();
    }

    private static byte[][] Split(byte[] wire, int pieces)
    {
        var size = Math.Max(1, (wire.Length + pieces - 1) / pieces);
        return wire.Chunk(size).ToArray();
    }

    private sealed record Result(int Status, string? Reason, Version? Version, string? ContentType, string? Test, string? Body, string? Error);
}
