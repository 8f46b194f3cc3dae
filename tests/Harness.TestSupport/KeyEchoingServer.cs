using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Harness.TestSupport;

/// <summary>
/// A hostile OpenAI-compatible server on 127.0.0.1 for redaction tests. It knows the key the
/// harness was given and echoes it, and its <c>Bearer KEY</c> form, everywhere a server can: a
/// response header, the Content-Type's parameters, a 401 body, an HTML page served with 200, the
/// answer text split across deltas, usage, a mid-stream error, a WebSocket error and close reason.
/// SSE requests cycle through four answers (ok, mid-stream error, 401, HTML) and WebSocket turns
/// through three (ok, error, close), so a run of a few requests meets every one.
/// </summary>
public sealed class KeyEchoingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _key;
    private long _sseRequests = -1;
    private long _turns = -1;

    private KeyEchoingServer(WebApplication app, string key)
    {
        _app = app;
        _key = key;
    }

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public Uri HttpBaseUrl { get; private set; } = null!;

    /// <summary><c>ws://127.0.0.1:PORT/v1/ws/chat</c>.</summary>
    public Uri WebSocketUrl { get; private set; } = null!;

    /// <summary>SSE requests answered so far.</summary>
    public long SseRequests => Interlocked.Read(ref _sseRequests) + 1;

    /// <summary>WebSocket turns answered so far.</summary>
    public long Turns => Interlocked.Read(ref _turns) + 1;

    public static async Task<KeyEchoingServer> StartAsync(string key)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        ListenOptions? listen = null;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, 0, l => { l.Protocols = HttpProtocols.Http1; listen = l; });
        });
        var app = builder.Build();
        var server = new KeyEchoingServer(app, key);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.MapPost("/v1/chat/completions", server.ChatAsync);
        app.Map("/v1/ws/chat", server.WebSocketAsync);
        await app.StartAsync();
        int port = listen!.IPEndPoint!.Port;
        server.HttpBaseUrl = new Uri($"http://127.0.0.1:{port}");
        server.WebSocketUrl = new Uri($"ws://127.0.0.1:{port}/v1/ws/chat");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
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

        await _app.DisposeAsync();
    }

    private string Bearer => "Bearer " + _key;

    private async Task ChatAsync(HttpContext ctx)
    {
        long n = Interlocked.Increment(ref _sseRequests);
        await ctx.Request.Body.CopyToAsync(Stream.Null);
        ctx.Response.Headers["X-Echo"] = Bearer;
        switch (n % 4)
        {
            case 2:
                ctx.Response.StatusCode = 401;
                ctx.Response.ContentType = "application/json";
                await ctx.Response.WriteAsync($"{{\"error\":{{\"message\":{Json("Incorrect API key provided: " + Bearer)},\"type\":\"invalid_request_error\",\"param\":null,\"code\":{Json(_key)}}}}}");
                return;
            case 3:
                ctx.Response.ContentType = "text/html; charset=utf-8";
                await ctx.Response.WriteAsync($"<html><body>your key: {Bearer}</body></html>");
                return;
        }

        ctx.Response.ContentType = $"text/event-stream; echo=\"{Bearer}\"";
        await Event(ctx, Chunk("{\"role\":\"assistant\"}", null));
        foreach (string piece in Pieces("your key is " + Bearer))
        {
            await Event(ctx, Chunk($"{{\"content\":{Json(piece)}}}", null));
        }

        if (n % 4 == 1)
        {
            await Event(ctx, $"{{\"error\":{{\"message\":{Json($"key {Bearer} was revoked")},\"type\":\"server_error\",\"code\":{Json(_key)}}}}}");
            return;
        }

        await Event(ctx, Chunk("{}", "\"stop\""));
        await Event(ctx, $"{{\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"m\",\"choices\":[],\"usage\":{{\"prompt_tokens\":1,\"completion_tokens\":9,\"total_tokens\":10,\"echo\":{Json(Bearer)}}}}}");
        await Event(ctx, "[DONE]");
    }

    private async Task WebSocketAsync(HttpContext ctx)
    {
        if (!ctx.WebSockets.IsWebSocketRequest)
        {
            ctx.Response.StatusCode = 400;
            return;
        }

        ctx.Response.Headers["X-Echo"] = Bearer;
        using var ws = await ctx.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[64 * 1024];
        while (ws.State == WebSocketState.Open)
        {
            ValueWebSocketReceiveResult r;
            try
            {
                r = await ws.ReceiveAsync(buffer.AsMemory(), ctx.RequestAborted);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
            {
                return;
            }

            if (r.MessageType == WebSocketMessageType.Close)
            {
                await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                return;
            }

            if (!r.EndOfMessage || !Encoding.UTF8.GetString(buffer, 0, r.Count).Contains("chat.start", StringComparison.Ordinal))
            {
                continue;
            }

            long turn = Interlocked.Increment(ref _turns);
            foreach (string piece in Pieces("your key is " + Bearer))
            {
                await Send(ws, $"{{\"type\":\"content.delta\",\"delta\":{Json(piece)}}}");
            }

            switch (turn % 3)
            {
                case 0:
                    await Send(ws, $"{{\"type\":\"chat.done\",\"usage\":{{\"prompt_tokens\":1,\"completion_tokens\":9,\"total_tokens\":10,\"echo\":{Json(Bearer)}}}}}");
                    break;
                case 1:
                    await Send(ws, $"{{\"type\":\"error\",\"message\":{Json($"key {Bearer} was revoked")},\"code\":{Json(_key)}}}");
                    break;
                default:
                    await ws.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "bad key " + _key, CancellationToken.None);
                    return;
            }
        }
    }

    /// <summary>Five characters at a time: the key reaches the client across several deltas.</summary>
    private static IEnumerable<string> Pieces(string text)
    {
        for (int i = 0; i < text.Length; i += 5)
        {
            yield return text.Substring(i, Math.Min(5, text.Length - i));
        }
    }

    private static string Chunk(string delta, string? finishReason) =>
        $"{{\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"m\",\"choices\":[{{\"index\":0,\"delta\":{delta},\"finish_reason\":{finishReason ?? "null"}}}]}}";

    private static string Json(string text) => JsonSerializer.Serialize(text);

    private static async Task Event(HttpContext ctx, string data)
    {
        await ctx.Response.WriteAsync("data: " + data + "\n\n");
        await ctx.Response.Body.FlushAsync();
    }

    private static Task Send(WebSocket ws, string text) =>
        ws.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
}
