using System.Net.Sockets;

namespace Harness.TestSupport;

/// <summary>
/// A TCP listener on 127.0.0.1 that reads each request's head (through its empty line), writes the
/// bytes it was given, and closes the connection: a server that answers exactly that, however
/// broken (control bytes, a bad status line, a chunked body cut short, a redirect).
/// </summary>
public sealed class ScriptedServer : IDisposable
{
    private readonly byte[] _answer;
    private readonly LoopbackTcpServer _server;

    public ScriptedServer(byte[] answer)
    {
        _answer = answer;
        _server = new LoopbackTcpServer(AnswerAsync);
    }

    public int Port => _server.Port;

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{Port}");

    public void Dispose() => _server.Dispose();

    private async Task AnswerAsync(Socket socket, CancellationToken stop)
    {
        using (socket)
        {
            try
            {
                var seen = new List<byte>();
                var buffer = new byte[4096];
                while (!EndsHead(seen))
                {
                    int n = await socket.ReceiveAsync(buffer, stop);
                    if (n == 0)
                    {
                        return;
                    }

                    seen.AddRange(buffer.AsSpan(0, n));
                }

                await socket.SendAsync(_answer, stop);
                socket.Shutdown(SocketShutdown.Send);

                // Let the client read everything before the close (a close with unread input would reset).
                while (await socket.ReceiveAsync(buffer, stop) > 0)
                {
                }
            }
            catch (Exception ex) when (StoppedListener.Ended(ex))
            {
            }
        }
    }

    private static bool EndsHead(List<byte> seen)
    {
        for (int i = 3; i < seen.Count; i++)
        {
            if (seen[i - 3] == '\r' && seen[i - 2] == '\n' && seen[i - 1] == '\r' && seen[i] == '\n')
            {
                return true;
            }
        }

        return false;
    }
}
