using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Harness.Fakes;

namespace Harness.Clients.Tests;

/// <summary>
/// <see cref="ChatClientOptions.DirectConnection"/> (as <c>stream</c> uses it) keeps every limit
/// and outcome of the pooled path: a blocking connect still ends at the connect timeout, TLS is still
/// timed and checked. The fault outcomes and a refused connection are in <see cref="FaultOutcomeTests"/>.
/// </summary>
/// <remarks>
/// Alone: a blocking connect holds a thread-pool thread until its timeout, and on a 2-core machine
/// that delays other tests' timers (a total timeout fired 700 ms late beside it).
/// </remarks>
[CollectionDefinition(nameof(DirectConnectionTests), DisableParallelization = true)]
[Collection(nameof(DirectConnectionTests))]
public sealed class DirectConnectionTests
{
    [Theory]
    [InlineData("sse")]
    [InlineData("sse-h2")]
    [InlineData("ws")]
    public async Task A_blocking_connect_ends_at_the_connect_timeout(string transportName)
    {
        Assert.True(TransportNames.TryParse(transportName, out var transport));
        using var blackHole = new FullBacklogListener();
        var endpoint = transport == Transport.WebSocket ? new Uri($"ws://127.0.0.1:{blackHole.Port}/v1/ws/chat") : new Uri($"http://127.0.0.1:{blackHole.Port}");
        await using var client = ChatStreamClientFactory.Create(transport, new ChatClientOptions
        {
            Endpoint = endpoint,
            DirectConnection = true,
            Retry = RetryOptions.None,
            Timeouts = new ClientTimeouts { Connect = TimeSpan.FromMilliseconds(500) },
        });
        var clock = Stopwatch.StartNew();
        var timeline = await client.StreamAsync(ChatRequest.FromPrompt("m", "hi"));
        Assert.Equal("timeout(connect)", OutcomeNames.Describe(timeline));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_request_is_stamped_written_after_the_connect_and_before_the_response_head()
    {
        await using var server = await FakeServer.StartAsync(new FakeServerOptions());
        await using var client = ChatStreamClientFactory.Create(Transport.Sse, new ChatClientOptions { Endpoint = server.HttpBaseUrl, DirectConnection = true });
        var timeline = await client.StreamAsync(ChatRequest.FromPrompt("fake/ttft=1,itl=1,tokens=3", "hi"));
        Assert.Equal(RequestOutcome.Ok, timeline.Outcome);
        Assert.NotNull(timeline.TcpConnectDuration);
        Assert.InRange(timeline.RequestWritten, timeline.ActualStart + timeline.TcpConnectDuration!.Value.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond, timeline.ResponseHeaders);
    }

    [Fact]
    public async Task Tls_is_timed_on_every_request_and_an_untrusted_certificate_refused()
    {
        await using var server = await FakeServer.StartAsync(new FakeServerOptions { Tls = true });
        var thumbprint = server.Certificate!.GetCertHashString();
        await using (var client = ChatStreamClientFactory.Create(
            Transport.Sse,
            new ChatClientOptions { Endpoint = server.HttpsBaseUrl!, DirectConnection = true },
            (_, cert, _, _) => cert?.GetCertHashString() == thumbprint))
        {
            for (var i = 0; i < 2; i++)
            {
                var timeline = await client.StreamAsync(ChatRequest.FromPrompt("fake/ttft=1,itl=1,tokens=3", "hi"));
                Assert.Equal(RequestOutcome.Ok, timeline.Outcome);
                Assert.False(timeline.ConnectionReused);
                Assert.True(timeline.TlsHandshakeDuration > TimeSpan.Zero);
                Assert.Equal(3, timeline.ContentDeltaCount);
            }
        }

        await using (var untrusting = ChatStreamClientFactory.Create(Transport.Sse, new ChatClientOptions { Endpoint = server.HttpsBaseUrl!, DirectConnection = true, Retry = RetryOptions.None }))
        {
            var timeline = await untrusting.StreamAsync(ChatRequest.FromPrompt("fake/ttft=1,itl=1,tokens=3", "hi"));
            Assert.Equal("connect_error", OutcomeNames.Describe(timeline));
        }
    }

    /// <summary>A listener whose accept queue is full and never drained: a further SYN is dropped, so a connect hangs.</summary>
    private sealed class FullBacklogListener : IDisposable
    {
        private readonly Socket _listener = new(SocketType.Stream, ProtocolType.Tcp);
        private readonly List<Socket> _held = [];

        public FullBacklogListener()
        {
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _listener.Listen(0);
            Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
            for (var i = 0; i < 4; i++)
            {
                var filler = new Socket(SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
                try
                {
                    filler.Connect(IPAddress.Loopback, Port);
                }
                catch (SocketException)
                {
                    // In progress, or dropped: either way the queue fills.
                }

                _held.Add(filler);
            }

            Thread.Sleep(100);
        }

        public int Port { get; }

        public void Dispose()
        {
            foreach (var socket in _held)
            {
                socket.Dispose();
            }

            _listener.Dispose();
        }
    }
}
