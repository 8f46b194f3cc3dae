using System.Net;
using System.Net.Sockets;

namespace Harness.TestSupport;

/// <summary>
/// A port on 127.0.0.1 that refuses every connection for as long as this lives: a socket is bound
/// to it and never listens, so a connect is answered with a reset (connection refused), no other
/// server can bind the port meanwhile, and no client's connect takes it as its own ephemeral port
/// (a connect to a port merely free a moment ago can, under load, reach a server that took it since,
/// or connect to itself).
/// </summary>
public sealed class RefusedPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusedPort()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    /// <summary>The refusing port.</summary>
    public int Port { get; }

    public void Dispose() => _socket.Dispose();
}
