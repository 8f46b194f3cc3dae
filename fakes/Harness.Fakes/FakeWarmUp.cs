using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.WebSockets;
using System.Runtime;
using System.Text;
using Harness.Core;

namespace Harness.Fakes;

/// <summary>
/// Runs the fake's own serving paths against itself before anyone else is told its URLs: SSE chat
/// completions and Responses over HTTP/1.1, h2c and (with TLS) https by ALPN, and WebSocket turns
/// over ws and wss, on fresh and reused connections, until the JIT goes quiet. A cold process
/// compiles Kestrel's accept, parse and routing paths, the JSON reader and the fake's own streaming
/// code on its first request; that cost (around a hundred milliseconds, more on a busy machine)
/// would otherwise land on the first outside request and put its first token far off schedule.
/// Warm-up requests carry a per-process token, use a tiny schedule with no faults, and are
/// kept in the fake's own books (<see cref="FakeBooks"/>), apart from the counters, lateness and write log
/// anyone outside reads.
/// </summary>
internal static class FakeWarmUp
{
    /// <summary>Rounds over every path: enough calls for the hot methods to reach tier 1 (30 calls).</summary>
    private const int Rounds = 40;

    /// <summary>The first rounds open a new connection per request, so the accept and handshake paths are warm too.</summary>
    private const int FreshConnectionRounds = 3;

    /// <summary>
    /// Real waits (not zero delays): a due time already past skips the scheduler, and then its
    /// queue, its thread's release and the writes made from that thread would stay cold.
    /// </summary>
    private const string Schedule = "fake/ttft=1,itl=1,tokens=3";

    /// <summary>Keep-warm's beat: still one real scheduler wait, but over in about a millisecond, so a request that comes during one waits little.</summary>
    private const string BeatSchedule = "fake/ttft=1,tokens=1";

    public static async Task<FakeWarmUpReport> RunAsync(FakeServer server, string token, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var compiledBefore = JitInfo.GetCompiledMethodCount(currentThread: false);
        using var reused = CreateHandler(server);
        using var reusedClient = new HttpClient(reused, disposeHandler: false);
        for (var round = 0; round < Rounds; round++)
        {
            var fresh = round < FreshConnectionRounds;
            using var handler = fresh ? CreateHandler(server) : null;
            using var freshClient = handler is null ? null : new HttpClient(handler, disposeHandler: false);
            var client = freshClient ?? reusedClient;
            await PostAsync(client, server.HttpBaseUrl, "v1/chat/completions", HttpVersion.Version11, token, Schedule, ct);
            await PostAsync(client, server.HttpBaseUrl, "v1/responses", HttpVersion.Version11, token, Schedule, ct);
            await PostAsync(client, server.Http2BaseUrl, "v1/chat/completions", HttpVersion.Version20, token, Schedule, ct);
            await PostAsync(client, server.Http2BaseUrl, "v1/responses", HttpVersion.Version20, token, Schedule, ct);
            if (server.HttpsBaseUrl is { } https)
            {
                await PostAsync(client, https, "v1/chat/completions", HttpVersion.Version11, token, Schedule, ct);
                await PostAsync(client, https, "v1/chat/completions", HttpVersion.Version20, token, Schedule, ct);
            }

            await WebSocketTurnsAsync(server, server.WebSocketUrl, token, turns: fresh ? 1 : 2, ct);
            if (server.WssUrl is { } wss)
            {
                await WebSocketTurnsAsync(server, wss, token, turns: fresh ? 1 : 2, ct);
            }
        }

        await server.WaitForOwnRequestsAsync(ct);

        await JitQuiet.WaitAsync(ct);

        return new FakeWarmUpReport(Stopwatch.GetElapsedTime(started), JitInfo.GetCompiledMethodCount(currentThread: false) - compiledBefore);
    }

    /// <summary>One SSE chat completion over HTTP/1.1 (keep-warm's beat), on whatever connection <paramref name="client"/> gives it.</summary>
    internal static Task BeatAsync(HttpClient client, FakeServer server, string token, CancellationToken ct) =>
        PostAsync(client, server.HttpBaseUrl, "v1/chat/completions", HttpVersion.Version11, token, BeatSchedule, ct);

    internal static SocketsHttpHandler CreateHandler(FakeServer server)
    {
        var thumbprint = server.Certificate?.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        return new SocketsHttpHandler
        {
            UseProxy = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, _, _) => thumbprint is not null && cert is not null &&
                    string.Equals(cert.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256), thumbprint, StringComparison.OrdinalIgnoreCase),
            },
        };
    }

    private static async Task PostAsync(HttpClient client, Uri baseUrl, string path, Version version, string token, string schedule, CancellationToken ct)
    {
        var body = path.EndsWith("responses", StringComparison.Ordinal)
            ? $"{{\"model\":\"{schedule}\",\"stream\":true,\"input\":\"warm up\"}}"
            : $"{{\"model\":\"{schedule}\",\"stream\":true,\"stream_options\":{{\"include_usage\":true}},\"messages\":[{{\"role\":\"user\",\"content\":\"warm up\"}}]}}";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, path))
        {
            Version = version,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(FakeServer.WarmUpHeader, token);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        await stream.CopyToAsync(Stream.Null, ct);
    }

    private static async Task WebSocketTurnsAsync(FakeServer server, Uri url, string token, int turns, CancellationToken ct)
    {
        var thumbprint = server.Certificate?.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var ws = new ClientWebSocket();
        ws.Options.SetRequestHeader(FakeServer.WarmUpHeader, token);
        ws.Options.RemoteCertificateValidationCallback = (_, cert, _, _) => thumbprint is not null && cert is not null &&
            string.Equals(cert.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256), thumbprint, StringComparison.OrdinalIgnoreCase);
        await ws.ConnectAsync(url, ct);
        var start = Encoding.UTF8.GetBytes($"{{\"type\":\"chat.start\",\"model\":\"{Schedule}\",\"messages\":[{{\"role\":\"user\",\"content\":\"warm up\"}}]}}");
        var buffer = new byte[4096];
        for (var t = 0; t < turns; t++)
        {
            await ws.SendAsync(start, WebSocketMessageType.Text, true, ct);
            var done = false;
            while (!done)
            {
                var message = new MemoryStream();
                ValueWebSocketReceiveResult r;
                do
                {
                    r = await ws.ReceiveAsync(buffer.AsMemory(), ct);
                    message.Write(buffer, 0, r.Count);
                }
                while (!r.EndOfMessage);
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                var text = message.GetBuffer().AsSpan(0, (int)message.Length);
                done = text.IndexOf("\"chat.done\""u8) >= 0 || text.IndexOf("\"error\""u8) >= 0;
            }
        }

        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "warm", ct);
    }
}
