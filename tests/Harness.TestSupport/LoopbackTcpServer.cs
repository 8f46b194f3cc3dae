using System.Net;
using System.Net.Sockets;

namespace Harness.TestSupport;

/// <summary>
/// A TCP listener on 127.0.0.1 on a free port that hands each accepted connection to a handler, until
/// disposed: the accept loop the raw test servers (silent, resetting, scripted) share.
/// </summary>
public sealed class LoopbackTcpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    /// <param name="onAccepted">Runs for each connection, not awaited by the loop; it owns the socket.</param>
    public LoopbackTcpServer(Func<Socket, CancellationToken, Task> onAccepted)
    {
        ArgumentNullException.ThrowIfNull(onAccepted);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync(onAccepted);
    }

    public int Port { get; }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync(Func<Socket, CancellationToken, Task> onAccepted)
    {
        try
        {
            var token = _stop.Token;
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(token);
                _ = onAccepted(socket, token);
            }
        }
        catch (Exception ex) when (StoppedListener.Ended(ex))
        {
        }
    }
}
