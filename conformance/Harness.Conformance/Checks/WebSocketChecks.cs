using System.Net.WebSockets;
using System.Text.Json;
using Harness.Clients;

namespace Harness.Conformance.Checks;

/// <summary>
/// The WebSocket chat rules (the harness's protocol: client <c>chat.start</c> / <c>ping</c>; server
/// <c>content.delta</c>, <c>chat.done</c> with usage, <c>error</c>, <c>pong</c>), one entry per check.
/// </summary>
public static class WebSocketChecks
{
    /// <summary>Every WebSocket check, in the order they run and print.</summary>
    public static IReadOnlyList<ConformanceCheck> All { get; } =
    [
        new("ws.upgrade", "ws", "The WebSocket upgrade is accepted (101).", UpgradeAsync),
        new("ws.chat-stream", "ws", "chat.start gets JSON text content.delta messages, then exactly one chat.done with integer usage.", ChatStreamAsync),
        new("ws.error", "ws", "A bad request (unknown message type) gets an error message with a message text.", ErrorAsync),
        new("ws.two-turns", "ws", "Two chat.start turns on one connection both stream to chat.done.", TwoTurnsAsync),
        new("ws.ping", "ws", "A ping message gets a pong message.", PingAsync),
        new("ws.close", "ws", "After a turn, the client's close (1000) is answered with a clean close code 1000.", CloseAsync),
    ];

    private static Task<CheckVerdict> UpgradeAsync(ConformanceContext ctx, CancellationToken ct) =>
        WithConnectionAsync(ctx, ct, async ws =>
        {
            await ws.CloseAsync().ConfigureAwait(false);
            return CheckVerdict.Pass($"upgraded: {(ctx.Target.WebSocketUrl is { } url ? EndpointUrl.ForDisplay(url) : "")}");
        });

    private static Task<CheckVerdict> ChatStreamAsync(ConformanceContext ctx, CancellationToken ct) =>
        WithConnectionAsync(ctx, ct, async ws =>
        {
            await ws.StartChatAsync(ctx.Target.Model).ConfigureAwait(false);
            var turn = await ws.ReceiveTurnAsync().ConfigureAwait(false);
            var problem = TurnProblem(turn);
            if (problem is not null)
            {
                return CheckVerdict.Fail(problem);
            }

            // Anything the server sends before answering our close belongs to this turn too.
            var rest = await ws.CloseAsync().ConfigureAwait(false);
            var extraDone = rest.Count(m => m.Type == "chat.done");
            return extraDone > 0
                ? CheckVerdict.Fail($"{extraDone} more chat.done after the first")
                : CheckVerdict.Pass($"{turn.Count - 1} content.delta, then chat.done usage {SseCapture.OneLine(turn[^1].Field("usage")!.Value.GetRawText())}");
        });

    private static Task<CheckVerdict> ErrorAsync(ConformanceContext ctx, CancellationToken ct) =>
        WithConnectionAsync(ctx, ct, async ws =>
        {
            await ws.SendAsync("{\"type\":\"conformance.not-a-message-type\"}").ConfigureAwait(false);
            var reply = await ws.ReceiveAsync().ConfigureAwait(false);
            var message = reply.Field("message");
            var ok = reply.Type == "error" && message is { ValueKind: JsonValueKind.String };
            return CheckVerdict.PassIf(ok, ok ? $"error: {SseCapture.OneLine(message!.Value.GetString()!)}" : $"reply to an unknown message type was {reply}, not an error with a message");
        });

    private static Task<CheckVerdict> TwoTurnsAsync(ConformanceContext ctx, CancellationToken ct) =>
        WithConnectionAsync(ctx, ct, async ws =>
        {
            var counts = new List<int>();
            for (var i = 1; i <= 2; i++)
            {
                if (ws.State != WebSocketState.Open)
                {
                    return CheckVerdict.Fail($"connection {ws.State} before turn {i}");
                }

                await ws.StartChatAsync(ctx.Target.Model).ConfigureAwait(false);
                var turn = await ws.ReceiveTurnAsync().ConfigureAwait(false);
                if (TurnProblem(turn) is { } problem)
                {
                    return CheckVerdict.Fail($"turn {i}: {problem}");
                }

                counts.Add(turn.Count - 1);
            }

            await ws.CloseAsync().ConfigureAwait(false);
            return CheckVerdict.Pass($"turn 1: {counts[0]} deltas + chat.done; turn 2: {counts[1]} deltas + chat.done");
        });

    private static Task<CheckVerdict> PingAsync(ConformanceContext ctx, CancellationToken ct) =>
        WithConnectionAsync(ctx, ct, async ws =>
        {
            await ws.SendAsync("{\"type\":\"ping\"}").ConfigureAwait(false);
            var reply = await ws.ReceiveAsync().ConfigureAwait(false);
            await ws.CloseAsync().ConfigureAwait(false);
            return CheckVerdict.PassIf(reply.Type == "pong", $"ping answered with {reply}");
        });

    private static Task<CheckVerdict> CloseAsync(ConformanceContext ctx, CancellationToken ct) =>
        WithConnectionAsync(ctx, ct, async ws =>
        {
            await ws.StartChatAsync(ctx.Target.Model).ConfigureAwait(false);
            var turn = await ws.ReceiveTurnAsync().ConfigureAwait(false);
            var close = turn[^1].Kind == WebSocketMessageType.Close ? turn[^1] : (await ws.CloseAsync().ConfigureAwait(false)).LastOrDefault();
            if (close is null || close.Kind != WebSocketMessageType.Close)
            {
                return CheckVerdict.Fail("no close frame from the server");
            }

            var during = turn[^1].Kind == WebSocketMessageType.Close ? "the server closed mid-turn: " : "";
            return CheckVerdict.PassIf(during.Length == 0 && close.CloseStatus == WebSocketCloseStatus.NormalClosure, $"{during}{close}");
        });

    /// <summary>Null when the turn is content.delta text messages then one chat.done with integer usage; otherwise what is wrong.</summary>
    private static string? TurnProblem(List<WsMessage> turn)
    {
        var end = turn[^1];
        if (end.Type != "chat.done")
        {
            return $"turn ended with {end} after {turn.Count - 1} messages, not chat.done";
        }

        var odd = turn.Take(turn.Count - 1).FirstOrDefault(m => m.Kind != WebSocketMessageType.Text || m.Type != "content.delta" || m.Field("delta") is not { ValueKind: JsonValueKind.String });
        if (odd is not null)
        {
            return $"before chat.done: {odd} is not a JSON text content.delta with a string delta";
        }

        if (turn.Count < 2)
        {
            return "chat.done without any content.delta";
        }

        var usage = end.Field("usage");
        string[] names = ["prompt_tokens", "completion_tokens", "total_tokens"];
        return usage is { ValueKind: JsonValueKind.Object } u && names.All(n => u.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out _))
            ? null
            : $"chat.done without integer usage: {SseCapture.OneLine(end.Text)}";
    }

    private static async Task<CheckVerdict> WithConnectionAsync(ConformanceContext ctx, CancellationToken ct, Func<WsConversation, Task<CheckVerdict>> body)
    {
        if (ctx.Target.WebSocketUrl is null)
        {
            return CheckVerdict.Skip("no WebSocket URL given (--ws-url)");
        }

        WsConversation ws;
        try
        {
            ws = await WsConversation.ConnectAsync(ctx.Target, ct).ConfigureAwait(false);
        }
        catch (WebSocketException ex)
        {
            return CheckVerdict.Fail(ex.Message);
        }

        await using (ws.ConfigureAwait(false))
        {
            try
            {
                return await body(ws).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return CheckVerdict.Fail($"no reply within {ctx.Target.Timeout.TotalSeconds:0.#} s");
            }
            catch (WebSocketException ex)
            {
                return CheckVerdict.Fail($"connection broke: {SseCapture.OneLine(TransportErrorText.Describe(ex, ctx.Target.WebSocketUrl))}");
            }
        }
    }
}
