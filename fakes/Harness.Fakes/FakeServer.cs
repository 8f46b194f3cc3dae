using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Harness.Fakes;

/// <summary>
/// The fake OpenAI-compatible streaming server (Kestrel, in-process or standalone), bound to
/// 127.0.0.1 only: <c>POST /v1/chat/completions</c> and <c>POST /v1/responses</c> (SSE or one JSON
/// answer), <c>GET /v1/ws/chat</c> (WebSocket), <c>GET /v1/models</c>, and the measurement side channels (<see cref="FakeSideChannels"/>). Every stream waits on one
/// <see cref="StreamScheduler"/>; how late events left is in <see cref="Lateness"/>.
/// </summary>
public sealed class FakeServer : IAsyncDisposable
{
    /// <summary>Header carrying the per-process token that marks the fake's own warm-up requests.</summary>
    internal const string WarmUpHeader = "x-fake-warmup";

    private readonly WebApplication _app;
    private readonly string _warmUpToken = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
    private readonly FakeBooks _books = new();
    private readonly FakeBooks _ownBooks = new();
    private FakeKeepWarm? _keepWarm;

    private FakeServer(FakeServerOptions options, WebApplication app, StreamScheduler scheduler, X509Certificate2? certificate)
    {
        Options = options;
        _app = app;
        Scheduler = scheduler;
        Certificate = certificate;
    }

    /// <summary>The options the server started with.</summary>
    public FakeServerOptions Options { get; }

    /// <summary><c>http://127.0.0.1:PORT</c>: HTTP/1.1 (and WebSocket).</summary>
    public Uri HttpBaseUrl { get; private set; } = null!;

    /// <summary><c>http://127.0.0.1:PORT/v1</c>: the endpoint to give an OpenAI SDK.</summary>
    public Uri OpenAiEndpoint => new(HttpBaseUrl, "v1");

    /// <summary><c>http://127.0.0.1:PORT2</c>: HTTP/2 with prior knowledge (h2c) only.</summary>
    public Uri Http2BaseUrl { get; private set; } = null!;

    /// <summary><c>ws://127.0.0.1:PORT/v1/ws/chat</c>.</summary>
    public Uri WebSocketUrl { get; private set; } = null!;

    /// <summary><c>https://127.0.0.1:PORT3</c> (HTTP/1.1 and HTTP/2 by ALPN) when <see cref="FakeServerOptions.Tls"/>.</summary>
    public Uri? HttpsBaseUrl { get; private set; }

    /// <summary><c>wss://127.0.0.1:PORT3/v1/ws/chat</c> when <see cref="FakeServerOptions.Tls"/>.</summary>
    public Uri? WssUrl { get; private set; }

    /// <summary>The self-signed certificate of the TLS endpoint (trust it by thumbprint), or null.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>Live counters.</summary>
    public FakeServerCounters Counters => _books.Counters;

    /// <summary>Lateness of every scheduled content event (actual release minus due time); <c>Snapshot()</c> for p50/p99/max.</summary>
    public LatenessRecorder Lateness => _books.Lateness;

    /// <summary>The scheduler all streams of this server wait on.</summary>
    public StreamScheduler Scheduler { get; }

    /// <summary>Per-token due and write times of recent requests (also served at <c>GET /v1/fake/write-times/{request_index}</c>).</summary>
    public FakeWriteLog WriteLog => _books.WriteLog;

    /// <summary>Self-requests sent to keep the idle fake warm (<see cref="FakeServerOptions.KeepWarm"/>).</summary>
    internal long KeepWarmBeats => _keepWarm?.Beats ?? 0;

    /// <summary>What the start-up warm-up cost, when <see cref="FakeServerOptions.WarmUp"/> ran one; else null.</summary>
    public FakeWarmUpReport? WarmUpReport { get; private set; }

        /// <summary>Starts a server on 127.0.0.1 (or <see cref="FakeServerOptions.Address"/>).</summary>
    public static async Task<FakeServer> StartAsync(FakeServerOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Schedule.Validate();
        var certificate = options.Tls ? SelfSignedCertificate.Create() : null;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FakeServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>(); // signals stay the process's
        ListenOptions? http1 = null, http2 = null, https = null;
        if (options.InlineSchedulerContinuations)
        {
            // Socket sends then run on the flushing thread (the scheduler's), not a thread-pool hop later.
            builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MaxConcurrentConnections = null;
            kestrel.Limits.MaxConcurrentUpgradedConnections = null;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 4096;
            kestrel.Listen(options.Address, options.Port, l => { l.Protocols = HttpProtocols.Http1; http1 = l; });
            kestrel.Listen(options.Address, 0, l => { l.Protocols = HttpProtocols.Http2; Http2SendTap.Install(l); http2 = l; });
            if (certificate is not null)
            {
                kestrel.Listen(options.Address, 0, l =>
                {
                    l.Protocols = HttpProtocols.Http1AndHttp2;
                    l.UseHttps(certificate);
                    Http2SendTap.InstallAfterTls(l);
                    https = l;
                });
            }
        });

        var app = builder.Build();
        var scheduler = new StreamScheduler(options.InlineSchedulerContinuations);
        var server = new FakeServer(options, app, scheduler, certificate);
        app.Use((ctx, next) =>
        {
            // Tolerate "http://host:port/" + "/v1" from clients that join a Uri and a string.
            var path = ctx.Request.Path.Value;
            if (path is not null && path.StartsWith("//", StringComparison.Ordinal))
            {
                ctx.Request.Path = new PathString("/" + path.TrimStart('/'));
            }

            return next(ctx);
        });
        app.UseRouting(); // after the path fix, so routes see the fixed path
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.MapPost("/v1/chat/completions", ctx => CompletionsEndpoint.HandleAsync(server, ctx, responsesApi: false));
        app.MapPost("/v1/responses", ctx => CompletionsEndpoint.HandleAsync(server, ctx, responsesApi: true));
        app.Map("/v1/ws/chat", server.HandleWebSocketAsync);
        FakeSideChannels.Map(app, server);
        app.MapGet("/v1/models", () => Results.Text("{\"object\":\"list\",\"data\":[{\"id\":\"fake\",\"object\":\"model\",\"created\":0,\"owned_by\":\"harness\"}]}", "application/json"));
        try
        {
            await app.StartAsync(ct);
        }
        catch
        {
            scheduler.Dispose();
            await app.DisposeAsync();
            throw;
        }

        string host = options.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{options.Address}]" : options.Address.ToString();
        server.HttpBaseUrl = new Uri($"http://{host}:{http1!.IPEndPoint!.Port}");
        server.Http2BaseUrl = new Uri($"http://{host}:{http2!.IPEndPoint!.Port}");
        server.WebSocketUrl = new Uri($"ws://{host}:{http1.IPEndPoint.Port}/v1/ws/chat");
        if (https is not null)
        {
            server.HttpsBaseUrl = new Uri($"https://{host}:{https.IPEndPoint!.Port}");
            server.WssUrl = new Uri($"wss://{host}:{https.IPEndPoint.Port}/v1/ws/chat");
        }

        if (options.WarmUp)
        {
            try
            {
                server.WarmUpReport = await FakeWarmUp.RunAsync(server, server._warmUpToken, ct);
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }

            scheduler.ReleaseLateness.Reset();
        }

        if (options.KeepWarm)
        {
            server._keepWarm = FakeKeepWarm.Start(server, server._warmUpToken);
        }

        return server;
    }

    /// <summary>The URLs as one JSON line (what <c>fake serve</c> prints).</summary>
    public string DescribeJson() => JsonSerializer.Serialize(new Dictionary<string, string?>
    {
        ["http"] = Trim(HttpBaseUrl),
        ["http2"] = Trim(Http2BaseUrl),
        ["ws"] = WebSocketUrl.ToString(),
        ["https"] = HttpsBaseUrl is null ? null : Trim(HttpsBaseUrl),
        ["wss"] = WssUrl?.ToString(),
        ["cert_sha256"] = Certificate?.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256),
        ["schedule"] = Options.Schedule.ToCompactString(),
    });

    /// <summary>Stops the server and the scheduler.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_keepWarm is not null)
        {
            await _keepWarm.DisposeAsync();
        }

        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            try
            {
                await _app.StopAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        Scheduler.Dispose();
        await _app.DisposeAsync();
        Certificate?.Dispose();
    }

    /// <summary>The host's services (tests: which host lifetime the fake runs under).</summary>
    internal IServiceProvider Services => _app.Services;

    /// <summary>True for the fake's own warm-up requests (they carry this process's secret token).</summary>
    internal bool IsWarmUp(HttpContext ctx) =>
        ctx.Request.Headers.TryGetValue(WarmUpHeader, out var v) && string.Equals(v.ToString(), _warmUpToken, StringComparison.Ordinal);

    /// <summary>Waits (at most 2 s) until every started request of the fake's own has been served.</summary>
    internal async Task WaitForOwnRequestsAsync(CancellationToken ct)
    {
        var own = _ownBooks.Counters;
        var deadline = Stopwatch.GetTimestamp() + (2 * Stopwatch.Frequency);
        while ((own.RequestsServed < own.RequestsStarted || own.ActiveStreams > 0) && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(5, ct);
        }
    }

    /// <summary>The books a request is kept in: the fake's own requests apart from everyone else's.</summary>
    internal FakeBooks BooksFor(bool warmUp) => warmUp ? _ownBooks : _books;

    internal bool KeyAccepted(string? key) => Options.ApiKey is null || string.Equals(key, Options.ApiKey, StringComparison.Ordinal);

    internal static string? BearerKey(HttpContext ctx)
    {
        var auth = ctx.Request.Headers.Authorization.ToString();
        return auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? auth[7..].Trim() : null;
    }

    private static string Trim(Uri uri) => uri.ToString().TrimEnd('/');

    private Task HandleWebSocketAsync(HttpContext ctx) => WebSocketChatSession.HandleAsync(this, ctx);

    internal static string? Str(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static int CountChars(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!.Length,
        JsonValueKind.Array => e.EnumerateArray().Sum(CountChars),
        JsonValueKind.Object => e.EnumerateObject().Where(p => p.Name is "content" or "text" or "input").Sum(p => CountChars(p.Value)),
        _ => 0,
    };
}
