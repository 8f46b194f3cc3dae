using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Harness.Cli.Tests.Relay;

/// <summary>
/// The relay under test: a real reverse proxy (YARP's forwarder, as a gateway in front of a model
/// provider would use) on 127.0.0.1, forwarding to an upstream, with faults the test controls:
/// a delay before each request is forwarded (over WebSocket, before each client message: a turn's
/// <c>chat.start</c>), a delay that grows by a step per chunk of each answer (<see cref="PacedStream"/>),
/// a 502 for every n-th request, and (over HTTP) each answer held back and sent whole when the
/// upstream has ended (<see cref="HoldingStream"/>).
/// </summary>
public sealed class DelayingRelay : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpMessageInvoker _client;
    private int _failed;
    private int _requests;

    private DelayingRelay(WebApplication app, HttpMessageInvoker client)
    {
        _app = app;
        _client = client;
    }

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary><c>ws://127.0.0.1:PORT/v1/ws/chat</c>: the fake's WebSocket path, through the relay.</summary>
    public Uri WebSocketUrl => new UriBuilder(BaseUrl) { Scheme = "ws", Path = "/v1/ws/chat" }.Uri;

    /// <summary>Requests the relay answered itself with 502.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Starts a relay forwarding to <paramref name="upstream"/> (an http URL; WebSocket upgrades are forwarded too).</summary>
    public static async Task<DelayingRelay> StartAsync(Uri upstream, TimeSpan requestDelay = default, TimeSpan chunkDelay = default, int failEvery = 0, bool holdAnswers = false)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddHttpForwarder();
        ListenOptions? listen = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0, l => { l.Protocols = HttpProtocols.Http1; listen = l; });
        });
        var app = builder.Build();
        var client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            ActivityHeadersPropagator = null,
        });
        var relay = new DelayingRelay(app, client);
        string destination = upstream.GetLeftPart(UriPartial.Authority);
        var config = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(30), Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
        app.Run(async context =>
        {
            if (failEvery > 0 && Interlocked.Increment(ref relay._requests) % failEvery == 0)
            {
                Interlocked.Increment(ref relay._failed);
                context.Response.StatusCode = StatusCodes.Status502BadGateway;
                await context.Response.WriteAsync("relay failure (injected by the test)");
                return;
            }

            var upgrade = context.Features.Get<IHttpUpgradeFeature>();
            if (upgrade is { IsUpgradableRequest: true })
            {
                if (requestDelay > TimeSpan.Zero || chunkDelay > TimeSpan.Zero)
                {
                    context.Features.Set<IHttpUpgradeFeature>(new PacedUpgradeFeature(upgrade, requestDelay, chunkDelay));
                }

                await forwarder.SendAsync(context, destination, client, config, HttpTransformer.Default);
                return;
            }

            if (requestDelay > TimeSpan.Zero)
            {
                await RelayDelay.UntilAsync(RelayDelay.After(Stopwatch.GetTimestamp(), requestDelay), context.RequestAborted);
            }

            PacedStream? paced = chunkDelay > TimeSpan.Zero ? new PacedStream(context.Response.Body, TimeSpan.Zero, chunkDelay) : null;
            if (paced is not null)
            {
                context.Response.Body = paced;
            }

            using var holding = holdAnswers ? new HoldingStream(context.Response.Body) : null;
            if (holding is not null)
            {
                context.Response.Body = holding;
            }

            await forwarder.SendAsync(context, destination, client, config, HttpTransformer.Default);
            if (holding is not null)
            {
                await holding.ReleaseAsync();
            }

            if (paced is not null)
            {
                await paced.DrainAsync();
            }
        });
        await app.StartAsync();
        relay.BaseUrl = new Uri($"http://127.0.0.1:{listen!.IPEndPoint!.Port}");
        return relay;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _client.Dispose();
    }
}
