using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Harness.Clients.Tests.Internal;

/// <summary>
/// The body's end is read after <c>[DONE]</c>: a server (a relay) that ends the response a moment
/// after the marker still has its connection reused by the next request, and over HTTP/2 does not
/// see the stream reset; one that never ends it costs the request a bounded wait, not a failure.
/// </summary>
public sealed class ResponseTailTests
{
    private static readonly byte[] s_events = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\ndata: [DONE]\n\n"u8.ToArray();

    [Theory]
    [InlineData(Transport.Sse)]
    [InlineData(Transport.SseHttp2)]
    public async Task A_response_ending_after_the_marker_keeps_its_connection_and_is_not_reset(Transport transport)
    {
        await using var server = await LingeringServer.StartAsync(TimeSpan.FromMilliseconds(100), transport == Transport.SseHttp2 ? HttpProtocols.Http2 : HttpProtocols.Http1);
        await using var client = ChatStreamClientFactory.Create(transport, new ChatClientOptions { Endpoint = server.BaseUrl, Retry = RetryOptions.None });
        var request = ChatRequest.FromPrompt("m", "hi");

        for (int i = 0; i < 3; i++)
        {
            var t = await client.StreamAsync(request);
            Assert.Equal(RequestOutcome.Ok, t.Outcome);
            Assert.Equal(i > 0, t.ConnectionReused);
        }

        Assert.Single(server.Connections);
        Assert.Equal(0, server.Aborted);
    }

    [Fact]
    public async Task A_response_never_ended_after_the_marker_costs_a_bounded_wait_and_stays_ok()
    {
        await using var server = await LingeringServer.StartAsync(TimeSpan.FromSeconds(30), HttpProtocols.Http1);
        await using var client = ChatStreamClientFactory.Create(Transport.Sse, new ChatClientOptions { Endpoint = server.BaseUrl, Retry = RetryOptions.None });

        var started = DateTime.UtcNow;
        var t = await client.StreamAsync(ChatRequest.FromPrompt("m", "hi"));

        Assert.Equal(RequestOutcome.Ok, t.Outcome);
        Assert.Equal(1, t.ContentDeltaCount);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    /// <summary>Answers every request with one chunk and <c>[DONE]</c>, then ends the response after <c>linger</c>.</summary>
    private sealed class LingeringServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _aborted;

        private LingeringServer(WebApplication app) => _app = app;

        public Uri BaseUrl { get; private set; } = null!;

        public ConcurrentDictionary<string, bool> Connections { get; } = new();

        public int Aborted => Volatile.Read(ref _aborted);

        public static async Task<LingeringServer> StartAsync(TimeSpan linger, HttpProtocols protocols)
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
            builder.Logging.ClearProviders();
            ListenOptions? listen = null;
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => { l.Protocols = protocols; listen = l; }));
            var app = builder.Build();
            var server = new LingeringServer(app);
            app.Run(async context =>
            {
                server.Connections.TryAdd(context.Connection.Id, true);
                context.Response.ContentType = "text/event-stream";
                await context.Response.Body.WriteAsync(s_events);
                await context.Response.Body.FlushAsync();
                try
                {
                    await Task.Delay(linger, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref server._aborted);
                }
            });
            await app.StartAsync();
            server.BaseUrl = new Uri($"http://127.0.0.1:{listen!.IPEndPoint!.Port}");
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
