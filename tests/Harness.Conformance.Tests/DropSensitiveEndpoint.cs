using System.Net;
using System.Net.Sockets;
using System.Text;
using Harness.Conformance;

namespace Harness.Conformance.Tests;

/// <summary>
/// A hand-rolled HTTP/1.1 SSE endpoint on a raw socket (a third server stack). With
/// <c>dieOnClientDrop</c> it behaves like a server whose process dies when a client vanishes
/// mid-stream: it stops listening and cuts every other stream.
/// </summary>
internal sealed class DropSensitiveEndpoint : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly bool _dieOnClientDrop;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private readonly Task _acceptLoop;
    private int _died;

    private DropSensitiveEndpoint(bool dieOnClientDrop)
    {
        _dieOnClientDrop = dieOnClientDrop;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public bool Died => Volatile.Read(ref _died) == 1;

    public ConformanceTarget Target => new()
    {
        ChatCompletionsUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1/chat/completions"),
        Model = "raw",
        Timeout = TimeSpan.FromSeconds(15),
    };

    public static DropSensitiveEndpoint Start(bool dieOnClientDrop) => new(dieOnClientDrop);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_clients)
        {
            _clients.ForEach(c => c.Dispose());
        }

        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (StoppedListener.Ended(ex))
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            lock (_clients)
            {
                _clients.Add(client);
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            await ReadRequestAsync(stream);
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n"u8.ToArray());
            for (var i = 0; i < 25; i++)
            {
                await Task.Delay(10);
                await WriteEventAsync(stream, $"{{\"object\":\"chat.completion.chunk\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"t{i} \"}},\"finish_reason\":null}}]}}");
            }

            await WriteEventAsync(stream, "{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
            await WriteEventAsync(stream, "[DONE]");
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            if (_dieOnClientDrop && Interlocked.Exchange(ref _died, 1) == 0)
            {
                // The "crash": no more listening, every other stream cut.
                _listener.Stop();
                lock (_clients)
                {
                    _clients.ForEach(c => c.Client.Close(0));
                }
            }
        }
        finally
        {
            client.Dispose();
        }
    }

    private static Task WriteEventAsync(NetworkStream stream, string data) =>
        stream.WriteAsync(Encoding.UTF8.GetBytes($"data: {data}\n\n")).AsTask();

    private static async Task ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new byte[64 * 1024];
        var used = 0;
        while (true)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(used));
            if (n == 0)
            {
                throw new IOException("client closed before sending a request");
            }

            used += n;
            var text = Encoding.ASCII.GetString(buffer, 0, used);
            var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headerEnd < 0)
            {
                continue;
            }

            var lengthLine = text[..headerEnd].Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            var length = lengthLine is null ? 0 : int.Parse(lengthLine[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            if (used >= headerEnd + 4 + length)
            {
                return;
            }
        }
    }
}
