using System.Net;
using System.Net.Sockets;

namespace Harness.TestSupport;

/// <summary>Ports on 127.0.0.1 for tests.</summary>
public static class LoopbackPort
{
    /// <summary>
    /// A port that was free a moment ago, for a server the test starts to bind (another process could
    /// take it first; none here does). A port that must refuse connections is a <see cref="RefusedPort"/>.
    /// </summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
