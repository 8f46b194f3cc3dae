using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Harness.Clients.Tests.Internal.Http11;

/// <summary>
/// A loopback server that reads each request (head and Content-Length body), keeps its bytes, then
/// writes the response it is given, in pieces, and closes the connection.
/// </summary>
internal sealed class CannedResponseServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>Listens on <paramref name="address"/> (default 127.0.0.1); its URL names it as a literal.</summary>
    public CannedResponseServer(IPAddress? address = null)
    {
        address ??= IPAddress.Loopback;
        _listener = new TcpListener(address, 0);
        _listener.Start();
        string host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        Url = new Uri($"http://{host}:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1/chat/completions?x=1");
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri Url { get; }

    /// <summary>The next response, written in the pieces given (a short pause between them).</summary>
    public volatile byte[][] Response = [];

    public ConcurrentQueue<byte[]> Requests { get; } = new();

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _loop;
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
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            client.NoDelay = true;
            var stream = client.GetStream();
            var request = new MemoryStream();
            var buffer = new byte[4096];
            int headEnd;
            while ((headEnd = request.ToArray().AsSpan().IndexOf("\r\n\r\n"u8)) < 0)
            {
                var n = await stream.ReadAsync(buffer, _stop.Token);
                if (n == 0)
                {
                    return;
                }

                request.Write(buffer, 0, n);
            }

            var head = Encoding.Latin1.GetString(request.ToArray(), 0, headEnd);
            var lengthLine = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            var total = headEnd + 4 + (lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture));
            while (request.Length < total)
            {
                var n = await stream.ReadAsync(buffer, _stop.Token);
                if (n == 0)
                {
                    return;
                }

                request.Write(buffer, 0, n);
            }

            Requests.Enqueue(request.ToArray());
            foreach (var piece in Response)
            {
                await stream.WriteAsync(piece, _stop.Token);
                await stream.FlushAsync(_stop.Token);
                await Task.Delay(1, _stop.Token);
            }

            client.Client.Shutdown(SocketShutdown.Send);
        }
    }
}
