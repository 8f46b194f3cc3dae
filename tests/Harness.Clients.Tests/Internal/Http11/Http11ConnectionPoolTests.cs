using System.Net.Sockets;
using System.Text;
using Harness.TestSupport;

namespace Harness.Clients.Tests.Internal.Http11;

/// <summary>
/// The harness's own pooled HTTP/1.1 connections, through <see cref="SseChatClient"/>: a connection
/// carries the next request only after a complete response the server keeps it open after.
/// </summary>
public sealed class Http11ConnectionPoolTests
{
    private const string Answer =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n{0}\r\n" +
        "30\r\ndata: {{\"choices\":[{{\"delta\":{{\"content\":\"hi\"}}}}]}}\n\n\r\n" +
        "e\r\ndata: [DONE]\n\n\r\n" +
        "0\r\n\r\n";

    [Fact]
    public async Task A_server_that_keeps_the_connection_open_gets_every_request_on_one()
    {
        using var server = new KeepAliveServer(closeHeader: false);
        var timelines = await StreamAsync(server.BaseUrl, 3);
        Assert.All(timelines, t => Assert.Equal(RequestOutcome.Ok, t.Outcome));
        Assert.Equal([false, true, true], timelines.Select(t => t.ConnectionReused));
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task A_response_saying_Connection_close_is_not_reused()
    {
        using var server = new KeepAliveServer(closeHeader: true);
        var timelines = await StreamAsync(server.BaseUrl, 2);
        Assert.All(timelines, t => Assert.Equal(RequestOutcome.Ok, t.Outcome));
        Assert.All(timelines, t => Assert.False(t.ConnectionReused));
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task A_connection_the_server_closed_after_a_complete_response_is_left_for_a_new_one()
    {
        using var server = new ScriptedServer(Encoding.ASCII.GetBytes(string.Format(Answer, "")));
        var timelines = await StreamAsync(server.BaseUrl, 2);
        Assert.All(timelines, t => Assert.Equal(RequestOutcome.Ok, t.Outcome));
        Assert.All(timelines, t => Assert.False(t.ConnectionReused));
    }

    [Fact]
    public async Task A_reused_connection_closed_before_any_answer_is_retried_once_on_a_new_one()
    {
        // The server closes a connection when its second request arrives, as one closing an idle
        // connection just as the client sends on it: the request goes again, on a new connection.
        using var server = new KeepAliveServer(closeHeader: false, dropSecondRequest: true);
        var timelines = await StreamAsync(server.BaseUrl, 2);
        Assert.All(timelines, t => Assert.Equal(RequestOutcome.Ok, t.Outcome));
        Assert.False(timelines[1].ConnectionReused);
        Assert.Equal(1, timelines[1].ContentDeltaCount);
        Assert.Equal(2, server.Connections);
    }

    private static async Task<RequestTimeline[]> StreamAsync(Uri endpoint, int requests)
    {
        await using var client = ChatStreamClientFactory.Create(Transport.Sse, new ChatClientOptions
        {
            Endpoint = endpoint,
            Retry = RetryOptions.None,
            Timeouts = new ClientTimeouts { Connect = TimeSpan.FromSeconds(5), FirstToken = TimeSpan.FromSeconds(5), Idle = TimeSpan.FromSeconds(5), Total = TimeSpan.FromSeconds(20) },
        });
        var timelines = new RequestTimeline[requests];
        for (int i = 0; i < requests; i++)
        {
            timelines[i] = await client.StreamAsync(ChatRequest.FromPrompt("m", "hi")).WaitAsync(TimeSpan.FromSeconds(30));
        }

        return timelines;
    }

    /// <summary>Answers every request on a connection with <see cref="Answer"/>, keeping the connection open, and counts connections.</summary>
    private sealed class KeepAliveServer : IDisposable
    {
        private readonly LoopbackTcpServer _server;
        private readonly byte[] _answer;
        private readonly bool _dropSecondRequest;
        private int _connections;

        public KeepAliveServer(bool closeHeader, bool dropSecondRequest = false)
        {
            _answer = Encoding.ASCII.GetBytes(string.Format(Answer, closeHeader ? "Connection: close\r\n" : ""));
            _dropSecondRequest = dropSecondRequest;
            _server = new LoopbackTcpServer(ServeAsync);
        }

        public Uri BaseUrl => new($"http://127.0.0.1:{_server.Port}");

        public int Connections => Volatile.Read(ref _connections);

        public void Dispose() => _server.Dispose();

        private async Task ServeAsync(Socket socket, CancellationToken stop)
        {
            int connection = Interlocked.Increment(ref _connections);
            using (socket)
            {
                try
                {
                    var pending = new List<byte>();
                    var buffer = new byte[4096];
                    for (int request = 1; ; request++)
                    {
                        int headEnd;
                        while ((headEnd = HeadEnd(pending)) < 0)
                        {
                            int n = await socket.ReceiveAsync(buffer, stop);
                            if (n == 0)
                            {
                                return;
                            }

                            pending.AddRange(buffer.AsSpan(0, n));
                        }

                        int length = ContentLength(Encoding.ASCII.GetString(pending.GetRange(0, headEnd).ToArray()));
                        while (pending.Count < headEnd + length)
                        {
                            int n = await socket.ReceiveAsync(buffer, stop);
                            if (n == 0)
                            {
                                return;
                            }

                            pending.AddRange(buffer.AsSpan(0, n));
                        }

                        pending.RemoveRange(0, headEnd + length);
                        if (_dropSecondRequest && connection == 1 && request == 2)
                        {
                            return;
                        }

                        await socket.SendAsync(_answer, stop);
                    }
                }
                catch (Exception ex) when (StoppedListener.Ended(ex))
                {
                }
            }
        }

        private static int HeadEnd(List<byte> bytes)
        {
            for (int i = 3; i < bytes.Count; i++)
            {
                if (bytes[i - 3] == '\r' && bytes[i - 2] == '\n' && bytes[i - 1] == '\r' && bytes[i] == '\n')
                {
                    return i + 1;
                }
            }

            return -1;
        }

        private static int ContentLength(string head)
        {
            foreach (var line in head.Split("\r\n"))
            {
                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    return int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            return 0;
        }
    }
}
