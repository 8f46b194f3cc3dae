using System.Net;
using System.Net.Sockets;

namespace Harness.TestSupport;

/// <summary>
/// A TCP listener on 127.0.0.1 that reads the start of each request and then resets the connection
/// (RST, no response): what a server does to a body over its size limit while the client still writes.
/// </summary>
public sealed class ResettingServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public ResettingServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync();
    }

    public int Port { get; }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                var buffer = new byte[1024];
                await socket.ReceiveAsync(buffer, _stop.Token);
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }
}
