using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Harness.Core.Schedule;

namespace Harness.Fakes;

/// <summary>
/// One <c>/v1/ws/chat</c> connection: a receive loop that answers <c>chat.start</c> (one turn at a
/// time, several turns per connection), <c>ping</c> and close, while turns stream on the scheduler.
/// </summary>
internal sealed class WebSocketChatSession
{
    private const int MaxMessageBytes = 1 << 20;
    private readonly FakeServer _server;
    private readonly HttpContext _ctx;
    private readonly WebSocket _ws;
    private readonly string? _headerKey;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _cts;
    private readonly FaultSpec _sessionFaults;
    private readonly bool _warmUp;
    private readonly FakeServerCounters _counters;

    // Set just before a turn's last message (chat.done or an error) goes out. A client may send the
    // next chat.start the moment it reads that message, before the turn's task has returned; such a
    // start waits for the task instead of being refused as "a turn is already in progress".
    private volatile bool _turnEnding;

    private WebSocketChatSession(FakeServer server, HttpContext ctx, WebSocket ws, string? headerKey, FaultSpec sessionFaults, bool warmUp)
    {
        _warmUp = warmUp;
        _counters = server.BooksFor(warmUp).Counters;
        _sessionFaults = sessionFaults;
        _server = server;
        _ctx = ctx;
        _ws = ws;
        _headerKey = headerKey;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted);
    }

    public static async Task HandleAsync(FakeServer server, HttpContext ctx)
    {
        if (!ctx.WebSockets.IsWebSocketRequest)
        {
            await OpenAiErrors.WriteAsync(ctx.Response, 400, OpenAiErrors.Body("Expected a WebSocket upgrade.", "invalid_request_error", "websocket_required"));
            return;
        }

        var headerKey = FakeServer.BearerKey(ctx);
        var warmUp = server.IsWarmUp(ctx);
        FaultSpec sessionFaults;
        if (!warmUp && headerKey is not null && !server.KeyAccepted(headerKey))
        {
            await OpenAiErrors.WriteAsync(ctx.Response, 401, OpenAiErrors.ForStatus(401));
            return;
        }

        try
        {
            var faults = warmUp ? FaultSpec.None : FaultSpec.Parse(ctx.Request.Headers["x-fake-fault"].ToString(), server.Options.Faults);
            sessionFaults = faults;
            if (faults.Status is int status)
            {
                await OpenAiErrors.WriteAsync(ctx.Response, status, OpenAiErrors.ForStatus(status), faults.NoRetryAfter ? null : faults.RetryAfterSeconds ?? (status == 429 ? 1 : null));
                return;
            }
        }
        catch (FormatException ex)
        {
            await OpenAiErrors.WriteAsync(ctx.Response, 400, OpenAiErrors.Body(ex.Message, "invalid_request_error", "invalid_fake_profile"));
            return;
        }

        using var ws = await ctx.WebSockets.AcceptWebSocketAsync();
        server.BooksFor(warmUp).Counters.WebSocketAccepted();
        var session = new WebSocketChatSession(server, ctx, ws, headerKey, sessionFaults, warmUp);
        await session.RunAsync();
    }

    private async Task RunAsync()
    {
        var buffer = new byte[16 * 1024];
        var message = new MemoryStream();
        Task turn = Task.CompletedTask;
        try
        {
            while (_ws.State == WebSocketState.Open)
            {
                ValueWebSocketReceiveResult r;
                try
                {
                    r = await _ws.ReceiveAsync(buffer.AsMemory(), _ctx.RequestAborted);
                }
                catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
                {
                    break;
                }

                if (r.MessageType == WebSocketMessageType.Close)
                {
                    await _cts.CancelAsync();
                    await SafeAwait(turn);
                    if (_ws.State == WebSocketState.CloseReceived)
                    {
                        await SendLockedAsync(() => _ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None));
                    }

                    break;
                }

                message.Write(buffer, 0, r.Count);
                if (message.Length > MaxMessageBytes)
                {
                    await SendLockedAsync(() => _ws.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "message too big", CancellationToken.None));
                    break;
                }

                if (!r.EndOfMessage)
                {
                    continue;
                }

                var bytes = message.ToArray();
                message.SetLength(0);
                if (r.MessageType == WebSocketMessageType.Binary)
                {
                    await SendErrorAsync("binary messages are not supported; send JSON text", "unsupported_frame");
                    continue;
                }

                JsonDocument doc;
                try
                {
                    doc = JsonDocument.Parse(bytes);
                }
                catch (JsonException ex)
                {
                    await SendErrorAsync($"We could not parse the JSON of your message. ({ex.Message})", "bad_json");
                    continue;
                }

                using (doc)
                {
                    var root = doc.RootElement;
                    if (root.ValueKind != JsonValueKind.Object)
                    {
                        await SendErrorAsync($"Invalid type for message: expected an object, but got {root.ValueKind.ToString().ToLowerInvariant()} instead.", "invalid_type");
                        continue;
                    }

                    switch (FakeServer.Str(root, "type"))
                    {
                        case "chat.start" when !turn.IsCompleted && !_turnEnding:
                            await SendErrorAsync("a turn is already in progress", "turn_in_progress");
                            break;
                        case "chat.start":
                            await SafeAwait(turn);
                            _turnEnding = false;
                            turn = RunTurnAsync(
                                RequestBodyCheck.Check(root, responsesApi: false),
                                Stopwatch.GetTimestamp(),
                                FakeServer.Str(root, "model"),
                                FakeServer.Str(root, "api_key"),
                                FakeServer.Str(root, "fault"),
                                RequestIndexField(root),
                                FakeServer.CountChars(root.TryGetProperty("messages", out var m) ? m : default));
                            break;
                        case "ping" when _sessionFaults.WsNoPong:
                            break;
                        case "ping":
                            await SendTextAsync("{\"type\":\"pong\"}");
                            break;
                        default:
                            await SendErrorAsync("unknown message type; expected chat.start or ping", "unknown_type");
                            break;
                    }
                }
            }
        }
        finally
        {
            await _cts.CancelAsync();
            await SafeAwait(turn);
            _cts.Dispose();
        }
    }

    /// <summary><c>request_index</c> of a <c>chat.start</c>, as a number or a numeric string; null when absent or not one.</summary>
    private static string? RequestIndexField(JsonElement root)
    {
        if (!root.TryGetProperty("request_index", out var ri))
        {
            return null;
        }

        return ri.ValueKind == JsonValueKind.Number && ri.TryGetInt64(out var k) ? k.ToString(CultureInfo.InvariantCulture)
            : ri.ValueKind == JsonValueKind.String ? ri.GetString()
            : null;
    }

    /// <summary>
    /// One turn: the key is checked first, then the <c>chat.start</c> message as the HTTP body is
    /// (<paramref name="problem"/>: an <c>error</c> event naming the parameter, and no stream).
    /// </summary>
    private async Task RunTurnAsync(RequestProblem? problem, long start, string? model, string? keyField, string? faultField, string? index, int promptChars)
    {
        await Task.Yield();
        _counters.RequestStarted();
        var ct = _cts.Token;
        try
        {
            if (!_warmUp && !_server.KeyAccepted(_headerKey) && !_server.KeyAccepted(keyField))
            {
                _turnEnding = true;
                await SendErrorAsync("Incorrect API key provided.", "invalid_api_key");
                await SendLockedAsync(() => _ws.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "invalid api key", CancellationToken.None));
                return;
            }

            if (problem is not null)
            {
                _turnEnding = true;
                if (!_sessionFaults.WsNoError)
                {
                    await SendTextAsync(problem.ToWebSocketEvent());
                }

                return;
            }

            FakeRequestPlan plan;
            try
            {
                plan = FakeRequestPlan.Resolve(_server, start, model, _ctx.Request.Headers["x-fake-profile"], _ctx.Request.Headers["x-fake-fault"], faultField, index, FakeRequestPlan.EstimatePromptTokens(promptChars), _warmUp);
            }
            catch (FormatException ex)
            {
                _turnEnding = true;
                await SendErrorAsync(ex.Message, "invalid_fake_profile");
                return;
            }

            _counters.StreamStarted();
            try
            {
                await StreamTurnAsync(plan, ct);
                if (_sessionFaults.WsOneTurn)
                {
                    await SendLockedAsync(() => _ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "fake fault: one turn only", CancellationToken.None));
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
            {
                _counters.ClientDropped();
            }
            finally
            {
                _counters.StreamEnded();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            _counters.RequestServed();
        }
    }

    private async Task StreamTurnAsync(FakeRequestPlan plan, CancellationToken ct)
    {
        var f = plan.Faults;
        var chunks = plan.Chunks;
        var n = chunks.Count;
        var deltaBuffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        var pacer = new ChunkPacer(_server, plan);
        var record = pacer.Record;
        for (var i = 0; i <= n; i++)
        {
            await pacer.WaitForStepAsync(i);

            ct.ThrowIfCancellationRequested();
            if (FaultSpec.At(f.WsAbortAt, i, n))
            {
                _counters.DropInjected();
                _ctx.Abort();
                return;
            }

            if (FaultSpec.At(f.WsClose1011At, i, n))
            {
                _counters.DropInjected();
                await SendLockedAsync(() => _ws.CloseOutputAsync(WebSocketCloseStatus.InternalServerError, "fake fault: internal error", CancellationToken.None));
                return;
            }

            if (FaultSpec.At(f.WsErrorAt, i, n) || FaultSpec.At(f.ErrorMidAt, i, n))
            {
                _turnEnding = true;
                await SendErrorAsync("The server had an error while processing your request.", "server_error");
                return;
            }

            if (FaultSpec.At(f.WsNonJsonAt, i, n))
            {
                await SendTextAsync("this frame is not JSON {");
            }

            if (i == n)
            {
                break;
            }

            deltaBuffer.ResetWrittenCount();
            deltaBuffer.Write("{\"type\":\"content.delta\",\"delta\":"u8);
            JsonText.WriteQuoted(deltaBuffer, chunks[i].Text);
            deltaBuffer.Write("}"u8);
            var delta = deltaBuffer.WrittenMemory;
            record.Written[i] = Stopwatch.GetTimestamp();
            if (FaultSpec.At(f.WsBinaryAt, i, n))
            {
                await SendLockedAsync(() => _ws.SendAsync(delta, WebSocketMessageType.Binary, true, ct).AsTask());
            }
            else if (FaultSpec.At(f.WsFragmentAt, i, n))
            {
                await SendLockedAsync(async () =>
                {
                    var third = Math.Max(1, delta.Length / 3);
                    await _ws.SendAsync(delta[..third], WebSocketMessageType.Text, false, ct);
                    await _ws.SendAsync(delta.Slice(third, third), WebSocketMessageType.Text, false, ct);
                    await _ws.SendAsync(delta[(2 * third)..], WebSocketMessageType.Text, true, ct);
                });
            }
            else
            {
                await SendLockedAsync(() => _ws.SendAsync(delta, WebSocketMessageType.Text, true, ct).AsTask());
            }
        }

        if (!f.WsNoDone)
        {
            _turnEnding = true;
            await SendTextAsync(
                f.NoUsage
                    ? $"{{\"type\":\"chat.done\",\"request_index\":{plan.RequestIndex}}}"
                    : $"{{\"type\":\"chat.done\",\"request_index\":{plan.RequestIndex},\"usage\":{ChatCompletionsFormat.Usage(plan)}}}");
        }
    }

    private Task SendErrorAsync(string message, string code) => _sessionFaults.WsNoError ? Task.CompletedTask :
        SendTextAsync(OpenAiErrors.WebSocketEvent(message, code));

    private Task SendTextAsync(string text) =>
        SendLockedAsync(() => _ws.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, _ctx.RequestAborted));

    private async Task SendLockedAsync(Func<Task> send)
    {
        await _sendLock.WaitAsync();
        try
        {
            if (_ws.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await send();
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private static async Task SafeAwait(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }
}
