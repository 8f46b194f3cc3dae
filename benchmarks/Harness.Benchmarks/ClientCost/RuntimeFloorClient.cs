using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Harness.Clients;

namespace Harness.Benchmarks.ClientCost;

/// <summary>
/// The reference for <c>client-cost</c>: the runtime's own client for a transport (<see cref="HttpClient"/>
/// over HTTP/1.1 or HTTP/2, <see cref="ClientWebSocket"/>) receiving the same streams from the same fake,
/// with the harness's connection settings, and doing nothing with the bytes but look for the end marker.
/// What the harness's client costs above this is its own work: parsing, decoding, time stamps and
/// accounting. Each stream that ends with its marker counts as the tokens the fake was asked for.
/// </summary>
public sealed class RuntimeFloorClient : IAsyncDisposable
{
    private static readonly byte[] SseDone = "data: [DONE]"u8.ToArray();
    private static readonly byte[] WebSocketDone = "\"chat.done\""u8.ToArray();

    private readonly Transport _transport;
    private readonly Uri _endpoint;
    private readonly int _tokens;
    private readonly byte[] _body;
    private readonly HttpClient? _http;
    private readonly Stack<(ClientWebSocket Socket, HttpMessageInvoker Invoker)> _idle = new();

    /// <summary>
    /// A client for <paramref name="transport"/> at <paramref name="endpoint"/> (the URL the harness's
    /// client is given) sending <paramref name="request"/>, which the fake answers with
    /// <paramref name="tokens"/> tokens.
    /// </summary>
    public RuntimeFloorClient(Transport transport, Uri endpoint, ChatRequest request, int tokens)
    {
        ArgumentNullException.ThrowIfNull(request);
        _transport = transport;
        _tokens = tokens;
        if (transport == Transport.WebSocket)
        {
            _endpoint = endpoint;
            _body = JsonSerializer.SerializeToUtf8Bytes(new
            {
                type = "chat.start",
                model = request.Model,
                messages = request.Messages.Select(m => new { role = m.Role, content = m.Content }),
            });
        }
        else
        {
            // The same URL and body bytes as the harness's SSE client.
            _endpoint = SseChatClient.ResolveEndpoint(endpoint, SseDialect.ChatCompletions);
            _body = SseChatClient.BuildBody(request, SseDialect.ChatCompletions);
            _http = new HttpClient(CreateHandler(), disposeHandler: true);
        }
    }

    /// <summary>Streams <paramref name="streams"/> answers at once; the tokens received and the streams that did not end with their marker.</summary>
    public async Task<(int Tokens, int Failed)> RunRoundAsync(int streams)
    {
        var tasks = new Task<bool>[streams];
        for (int i = 0; i < streams; i++)
        {
            tasks[i] = _transport == Transport.WebSocket ? TurnAsync() : PostAsync();
        }

        bool[] ok;
        try
        {
            ok = await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or WebSocketException or IOException)
        {
            // A broken stream is a failed stream; the others' results stand.
            ok = [.. tasks.Select(t => t.IsCompletedSuccessfully && t.Result)];
        }

        int completed = ok.Count(x => x);
        return (completed * _tokens, streams - completed);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _http?.Dispose();
        while (_idle.TryPop(out var idle))
        {
            idle.Socket.Dispose();
            idle.Invoker.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    // The settings of the harness's own handler that bear on the read path; no connect or TLS hooks.
    private static SocketsHttpHandler CreateHandler() => new()
    {
        UseProxy = false,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        EnableMultipleHttp2Connections = true,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        AllowAutoRedirect = false,
    };

    private async Task<bool> PostAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Version = _transport == Transport.SseHttp2 ? HttpVersion.Version20 : HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(_body) { Headers = { ContentType = new("application/json") } },
        };
        using var response = await _http!.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return false;
        }

        await using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int n, last = 0;
            while ((n = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                last = n;
            }

            // The marker is the stream's last event, so it is in the last read unless the read split it.
            return last > 0 && buffer.AsSpan(0, last).IndexOf(SseDone) >= 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<bool> TurnAsync()
    {
        (ClientWebSocket Socket, HttpMessageInvoker Invoker) conn;
        lock (_idle)
        {
            _idle.TryPop(out conn);
        }

        if (conn.Socket is null)
        {
            var socket = new ClientWebSocket();
            socket.Options.HttpVersion = HttpVersion.Version11;
            socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            var invoker = new HttpMessageInvoker(CreateHandler(), disposeHandler: true);
            try
            {
                await socket.ConnectAsync(_endpoint, invoker, CancellationToken.None).ConfigureAwait(false);
            }
            catch
            {
                socket.Dispose();
                invoker.Dispose();
                throw;
            }

            conn = (socket, invoker);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            await conn.Socket.SendAsync(_body, WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
            while (true)
            {
                var r = await conn.Socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false);
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    conn.Socket.Dispose();
                    conn.Invoker.Dispose();
                    return false;
                }

                // Each of the fake's messages fits the buffer whole, so the marker is never split.
                if (r.EndOfMessage && buffer.AsSpan(0, r.Count).IndexOf(WebSocketDone) >= 0)
                {
                    break;
                }
            }
        }
        catch
        {
            conn.Socket.Dispose();
            conn.Invoker.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        lock (_idle)
        {
            _idle.Push(conn);
        }

        return true;
    }
}
