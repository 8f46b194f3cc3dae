using System.Net;
using System.Net.WebSockets;
using System.Text;
using BenchmarkDotNet.Attributes;
using Harness.Core.OpenAI;
using Harness.Fakes;

namespace Harness.Benchmarks.EndToEnd;

/// <summary>
/// Client cost per token end to end over loopback against the fake server with a zero-delay
/// schedule (<c>ttft=0,itl=0</c>), so the figures are the client's and the fake's work, not
/// waiting: SSE over HTTP/1.1, SSE over HTTP/2 (h2c), and WebSocket. One operation is one
/// streamed answer of <see cref="Tokens"/> tokens; figures are per token. Not part of the gate
/// (loopback sockets and Kestrel add noise the gate cannot afford).
/// </summary>
[BenchmarkCategory(Categories.EndToEnd)]
[MemoryDiagnoser]
public class LoopbackStreamingBenchmarks
{
    /// <summary>Tokens per streamed answer.</summary>
    public const int Tokens = 200;

    private const string Model = "fake/ttft=0,itl=0,tokens=200";

    private static readonly byte[] s_body = Encoding.UTF8.GetBytes(
        $"{{\"model\":\"{Model}\",\"stream\":true,\"messages\":[{{\"role\":\"user\",\"content\":\"count the tokens\"}}]}}");

    private static readonly byte[] s_wsStart = Encoding.UTF8.GetBytes(
        $"{{\"type\":\"chat.start\",\"model\":\"{Model}\",\"messages\":[{{\"role\":\"user\",\"content\":\"count the tokens\"}}]}}");

    private FakeServer _server = null!;
    private HttpClient _http = null!;
    private ClientWebSocket _ws = null!;
    private readonly byte[] _wsBuffer = new byte[64 * 1024];

    /// <summary>Starts the fake, one HTTP client (connections pooled), and one WebSocket.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await FakeServer.StartAsync(new FakeServerOptions()).ConfigureAwait(false);
        _http = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = false });
        _ws = new ClientWebSocket();
        await _ws.ConnectAsync(_server.WebSocketUrl, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Closes the socket, the client and the fake.</summary>
    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _ws.Abort();
        _ws.Dispose();
        _http.Dispose();
        await _server.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>SSE over HTTP/1.1: HttpClient + the harness's ChatStreamReader.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Tokens)]
    public Task<int> Sse_Http1() => StreamSseAsync(_server.HttpBaseUrl, HttpVersion.Version11);

    /// <summary>SSE over HTTP/2 (prior-knowledge h2c).</summary>
    [Benchmark(OperationsPerInvoke = Tokens)]
    public Task<int> Sse_Http2() => StreamSseAsync(_server.Http2BaseUrl, HttpVersion.Version20);

    /// <summary>WebSocket: <c>chat.start</c>, then messages until <c>chat.done</c> on one open connection.</summary>
    [Benchmark(OperationsPerInvoke = Tokens)]
    public async Task<int> WebSocket_Messages()
    {
        await _ws.SendAsync(s_wsStart, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
        int messages = 0;
        while (true)
        {
            int length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await _ws.ReceiveAsync(_wsBuffer.AsMemory(length), CancellationToken.None).ConfigureAwait(false);
                length += result.Count;
            }
            while (!result.EndOfMessage);

            var message = _wsBuffer.AsSpan(0, length);
            if (message.IndexOf("\"chat.done\""u8) >= 0)
            {
                return messages;
            }

            if (message.IndexOf("\"error\""u8) >= 0)
            {
                throw new InvalidOperationException("the fake answered with an error: " + Encoding.UTF8.GetString(message));
            }

            messages++;
        }
    }

    private async Task<int> StreamSseAsync(Uri baseUrl, Version version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, "/v1/chat/completions"))
        {
            Version = version,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(s_body) { Headers = { { "Content-Type", "application/json" } } },
        };
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var reader = new ChatStreamReader(await response.Content.ReadAsStreamAsync().ConfigureAwait(false));
        int tokens = 0;
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            if (reader.Current.HasContent)
            {
                tokens++;
            }
        }

        return tokens;
    }
}
