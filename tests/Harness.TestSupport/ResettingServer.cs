using System.Net.Sockets;

namespace Harness.TestSupport;

/// <summary>
/// A TCP listener on 127.0.0.1 that reads the start of each request and then resets the connection
/// (RST, no response): what a server does to a body over its size limit while the client still writes.
/// </summary>
public sealed class ResettingServer : IDisposable
{
    private readonly LoopbackTcpServer _server = new(ResetAsync);

    public int Port => _server.Port;

    public void Dispose() => _server.Dispose();

    private static async Task ResetAsync(Socket socket, CancellationToken stop)
    {
        try
        {
            var buffer = new byte[1024];
            await socket.ReceiveAsync(buffer, stop);
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception ex) when (StoppedListener.Ended(ex))
        {
            socket.Dispose();
        }
    }
}
