using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Harness.Clients;

namespace Harness.Conformance.Checks;

/// <summary>A raw ClientWebSocket session with the chat endpoint, bounded by the target's timeout.</summary>
internal sealed class WsConversation : IAsyncDisposable
{
    private const int MaxMessageBytes = 4 << 20;
    private readonly ClientWebSocket _ws;
    private readonly CancellationTokenSource _cts;
    private readonly byte[] _buffer = new byte[16 * 1024];

    private readonly HttpMessageInvoker _invoker;

    private WsConversation(ClientWebSocket ws, HttpMessageInvoker invoker, CancellationTokenSource cts)
    {
        _ws = ws;
        _invoker = invoker;
        _cts = cts;
    }

    public WebSocketState State => _ws.State;

    /// <summary>Connects; throws <see cref="WebSocketException"/> (with the HTTP status in the message when known) or on timeout.</summary>
    public static async Task<WsConversation> ConnectAsync(ConformanceTarget target, CancellationToken ct)
    {
        var ws = new ClientWebSocket();
        ws.Options.CollectHttpResponseDetails = true;
        if (target.ApiKey is not null)
        {
            ws.Options.SetRequestHeader("Authorization", "Bearer " + target.ApiKey);
        }

        foreach (var (name, value) in target.Headers ?? new Dictionary<string, string>())
        {
            ws.Options.SetRequestHeader(name, value);
        }

        // Through the run's handler (the certificate check, no redirect followed): on its own a
        // ClientWebSocket follows a 3xx and sends its headers to wherever the server pointed.
        var invoker = new HttpMessageInvoker(ConformanceContext.CreateHandler(target, new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }));
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(target.Timeout);
        try
        {
            await ws.ConnectAsync(target.WebSocketUrl!, invoker, cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or HttpRequestException)
        {
            var status = (int)ws.HttpStatusCode;
            var location = ws.HttpResponseHeaders?.TryGetValue("Location", out var values) == true ? values : null;
            ws.Dispose();
            invoker.Dispose();
            cts.Dispose();
            throw new WebSocketException(
                cts.IsCancellationRequested ? "upgrade timed out"
                : status != 0 ? $"upgrade refused with HTTP {status}{TransportErrorText.Redirect(status, location, null)}"
                : $"no WebSocket connection: {SseCapture.OneLine(TransportErrorText.Describe(ex, target.WebSocketUrl))}",
                ex);
        }

        return new WsConversation(ws, invoker, cts);
    }

    /// <summary>Sends the standard <c>chat.start</c> message.</summary>
    public Task StartChatAsync(string model) => SendAsync(JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["type"] = "chat.start",
        ["model"] = model,
        ["messages"] = new[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = "Count from 1 to 20, one number per line, nothing else." } },
    }));

    public Task SendAsync(string json) => _ws.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, _cts.Token);

    /// <summary>The next message; a timeout throws <see cref="OperationCanceledException"/> (and aborts the socket).</summary>
    public async Task<WsMessage> ReceiveAsync()
    {
        using var message = new MemoryStream();
        while (true)
        {
            var r = await _ws.ReceiveAsync(_buffer.AsMemory(), _cts.Token).ConfigureAwait(false);
            if (r.MessageType == WebSocketMessageType.Close)
            {
                return new WsMessage(WebSocketMessageType.Close, _ws.CloseStatusDescription ?? "", null, _ws.CloseStatus);
            }

            message.Write(_buffer, 0, r.Count);
            if (message.Length > MaxMessageBytes)
            {
                throw new WebSocketException($"a message larger than {MaxMessageBytes} bytes");
            }

            if (r.EndOfMessage)
            {
                var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                return new WsMessage(r.MessageType, text, TypeOf(text), null);
            }
        }
    }

    /// <summary>Messages of one turn until <c>chat.done</c>, <c>error</c> or a close (inclusive).</summary>
    public async Task<List<WsMessage>> ReceiveTurnAsync()
    {
        var turn = new List<WsMessage>();
        while (true)
        {
            var m = await ReceiveAsync().ConfigureAwait(false);
            turn.Add(m);
            if (m.Kind == WebSocketMessageType.Close || m.Type is "chat.done" or "error")
            {
                return turn;
            }
        }
    }

    /// <summary>Starts the closing handshake (1000) and returns what arrived until the server's close frame.</summary>
    public async Task<List<WsMessage>> CloseAsync()
    {
        var rest = new List<WsMessage>();
        if (_ws.State == WebSocketState.Open)
        {
            await _ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "conformance done", _cts.Token).ConfigureAwait(false);
        }

        while (_ws.State is WebSocketState.CloseSent or WebSocketState.Open)
        {
            var m = await ReceiveAsync().ConfigureAwait(false);
            rest.Add(m);
            if (m.Kind == WebSocketMessageType.Close)
            {
                break;
            }
        }

        return rest;
    }

    public ValueTask DisposeAsync()
    {
        _ws.Dispose();
        _invoker.Dispose();
        _cts.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string? TypeOf(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
