using System.Net.Sockets;

namespace Harness.TestSupport;

/// <summary>
/// A TCP listener on 127.0.0.1 that accepts every connection and never sends a byte (no response
/// headers, no WebSocket upgrade): for proving that every phase of a request has a bounded wait.
/// </summary>
public sealed class SilentServer : IDisposable
{
    private readonly List<Socket> _accepted = [];
    private readonly LoopbackTcpServer _server;

    public SilentServer() => _server = new LoopbackTcpServer(Keep);

    public int Port => _server.Port;

    /// <summary>Connections accepted so far.</summary>
    public int Accepted
    {
        get
        {
            lock (_accepted)
            {
                return _accepted.Count;
            }
        }
    }

    public void Dispose()
    {
        _server.Dispose();
        lock (_accepted)
        {
            _accepted.ForEach(s => s.Dispose());
        }
    }

    private Task Keep(Socket socket, CancellationToken stop)
    {
        lock (_accepted)
        {
            _accepted.Add(socket);
        }

        return Task.CompletedTask;
    }
}
