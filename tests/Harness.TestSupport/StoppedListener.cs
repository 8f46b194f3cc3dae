using System.Net.Sockets;

namespace Harness.TestSupport;

/// <summary>How a test server's accept loop ends when the server is disposed.</summary>
public static class StoppedListener
{
    /// <summary>
    /// Whether <paramref name="exception"/> is what a <see cref="TcpListener"/> accept throws once the
    /// listener is stopped or the loop's token cancelled: cancellation, a socket error or a disposed
    /// socket, and <see cref="InvalidOperationException"/> ("Not listening") when the listener was
    /// stopped before the loop's first accept (a test that never connects can be disposed that early).
    /// </summary>
    public static bool Ended(Exception exception) =>
        exception is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException;
}
