using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Harness.Core.Schedule;

namespace Harness.Fakes.Tests;

public sealed class WebSocketTests(FakeServerFixture fixture) : IClassFixture<FakeServerFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task TurnStreamsDeltasThenChatDoneWithUsage()
    {
        using var ws = await ConnectAsync();
        await SendAsync(ws, "{\"type\":\"chat.start\",\"model\":\"fake/tokens=6,lang=emoji\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}");
        var (deltas, done) = await ReadTurnAsync(ws);
        var k = done.GetProperty("request_index").GetInt64();
        Assert.Equal(TokenSchedule.Parse("tokens=6,lang=emoji", FakeServerFixture.FastSchedule).FullText(k), string.Concat(deltas));
        var usage = done.GetProperty("usage");
        Assert.Equal(6, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + 6, usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task SeveralTurnsOnOneConnectionThenCleanClose()
    {
        using var ws = await ConnectAsync();
        for (var turn = 0; turn < 3; turn++)
        {
            await SendAsync(ws, "{\"type\":\"chat.start\",\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            var (deltas, _) = await ReadTurnAsync(ws);
            Assert.Equal(5, deltas.Count);
        }

        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", Cts().Token);
        Assert.Equal(WebSocketState.Closed, ws.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, ws.CloseStatus);
    }

    [Fact]
    public async Task NextTurnMayStartTheMomentChatDoneArrives()
    {
        // A client that answers chat.done with the next chat.start at once must never be told a
        // turn is still in progress (the turn's task may not have returned yet).
        using var ws = await ConnectAsync();
        for (var turn = 0; turn < 400; turn++)
        {
            await SendAsync(ws, "{\"type\":\"chat.start\",\"model\":\"fake/ttft=0,itl=0,tokens=50\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            var (deltas, _) = await ReadTurnAsync(ws);
            Assert.Equal(50, deltas.Count);
        }
    }

    [Fact]
    public async Task ChatStartDuringATurnIsRefusedAndTheTurnGoesOn()
    {
        using var ws = await ConnectAsync();
        await SendAsync(ws, "{\"type\":\"chat.start\",\"model\":\"fake/ttft=200,itl=10,tokens=3\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        await SendAsync(ws, "{\"type\":\"chat.start\",\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        var (_, refused, _) = await ReceiveAsync(ws);
        Assert.Equal("turn_in_progress", JsonDocument.Parse(refused).RootElement.GetProperty("code").GetString());
        var (deltas, _) = await ReadTurnAsync(ws);
        Assert.Equal(3, deltas.Count);
    }

    [Fact]
    public async Task PingMessageIsAnsweredWithPong()
    {
        using var ws = await ConnectAsync();
        await SendAsync(ws, "{\"type\":\"ping\"}");
        var (type, text, _) = await ReceiveAsync(ws);
        Assert.Equal(WebSocketMessageType.Text, type);
        Assert.Equal("pong", JsonDocument.Parse(text).RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task ProtocolPingsAreAnsweredDuringATurn()
    {
        // The client sends PING frames every 50 ms and aborts if a PONG is not back within 1.5 s,
        // inside a 3 s turn: a fake that stops answering during a turn fails, and a machine stalled
        // for a few hundred milliseconds (seen under four busy loops with 300 ms) does not.
        using var ws = new ClientWebSocket();
        ws.Options.KeepAliveInterval = TimeSpan.FromMilliseconds(50);
        ws.Options.KeepAliveTimeout = TimeSpan.FromMilliseconds(1500);
        await ws.ConnectAsync(fixture.Server.WebSocketUrl, Cts().Token);
        await SendAsync(ws, "{\"type\":\"chat.start\",\"model\":\"fake/ttft=0,itl=100,tokens=30\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        var (deltas, _) = await ReadTurnAsync(ws);
        Assert.Equal(30, deltas.Count);
        Assert.Equal(WebSocketState.Open, ws.State);
    }

    [Fact]
    public async Task AbortMakesTheClientSeeAnAbnormalClosure()
    {
        using var ws = await ConnectAsync();
        await SendAsync(ws, "{\"type\":\"chat.start\",\"model\":\"fake\",\"fault\":\"ws-abort@2\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        var deltas = 0;
        var ex = await Assert.ThrowsAsync<WebSocketException>(async () =>
        {
            while (true)
            {
                var (_, text, _) = await ReceiveAsync(ws);
                if (text.Contains("content.delta", StringComparison.Ordinal))
                {
                    deltas++;
                }
            }
        });
        Assert.Equal(2, deltas);
        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, ex.WebSocketErrorCode);
        Assert.Null(ws.CloseStatus); // no close frame: what a browser reports as 1006
        Assert.Equal(WebSocketState.Aborted, ws.State);
    }

    [Fact]
    public async Task Close1011ArrivesAsACloseFrame()
    {
        using var ws = await ConnectAsync();
        await SendAsync(ws, "{\"type\":\"chat.start\",\"model\":\"fake\",\"fault\":\"ws-close-1011@3\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        var deltas = 0;
        while (true)
        {
            var (type, text, _) = await ReceiveAsync(ws);
            if (type == WebSocketMessageType.Close)
            {
                break;
            }

            deltas++;
            Assert.Contains("content.delta", text);
        }

        Assert.Equal(3, deltas);
        Assert.Equal(WebSocketCloseStatus.InternalServerError, ws.CloseStatus);
    }

    [Fact]
    public async Task ErrorMessageEndsTheTurnAndTheConnectionStaysUsable()
    {
        using var ws = await ConnectAsync();
        await SendAsync(ws, "{\"type\":\"chat.start\",\"model\":\"fake\",\"fault\":\"ws-error@1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        var (_, first, _) = await ReceiveAsync(ws);
        Assert.Contains("content.delta", first);
        var (_, error, _) = await ReceiveAsync(ws);
        var root = JsonDocument.Parse(error).RootElement;
        Assert.Equal("error", root.GetProperty("type").GetString());
        Assert.Equal("server_error", root.GetProperty("code").GetString());
        // No waiting: the next turn may start the moment the error arrives.
        await SendAsync(ws, "{\"type\":\"chat.start\",\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        var (deltas, _) = await ReadTurnAsync(ws);
        Assert.Equal(5, deltas.Count);
    }

    [Fact]
    public async Task NonJsonFrameComesBeforeTheGivenDelta()
    {
        using var ws = await ConnectAsync();
        await SendAsync(ws, "{\"type\":\"chat.start\",\"model\":\"fake\",\"fault\":\"ws-non-json@2\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        var texts = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            texts.Add((await ReceiveAsync(ws)).Text);
        }

        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(texts[2]));
        Assert.Contains("content.delta", texts[3]);
        Assert.Contains("chat.done", texts[6]);
    }

    [Fact]
    public async Task BinaryFaultSendsThatDeltaAsABinaryFrame()
    {
        using var ws = await ConnectAsync();
        await SendAsync(ws, "{\"type\":\"chat.start\",\"model\":\"fake\",\"fault\":\"ws-binary@1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        var types = new List<WebSocketMessageType>();
        for (var i = 0; i < 6; i++)
        {
            types.Add((await ReceiveAsync(ws)).Type);
        }

        Assert.Equal(WebSocketMessageType.Binary, types[1]);
        Assert.Equal(5, types.Count(t => t == WebSocketMessageType.Text));
    }

    [Fact]
    public async Task FragmentFaultSplitsOneMessageAcrossFrames()
    {
        using var ws = await ConnectAsync();
        await SendAsync(ws, "{\"type\":\"chat.start\",\"model\":\"fake/lang=thai\",\"fault\":\"ws-fragment@0\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        var (_, text, frames) = await ReceiveAsync(ws);
        Assert.Equal(3, frames);
        Assert.Equal("content.delta", JsonDocument.Parse(text).RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task NoDoneOmitsChatDone()
    {
        using var ws = await ConnectAsync();
        var served = fixture.Server.Counters.RequestsServed;
        await SendAsync(ws, "{\"type\":\"chat.start\",\"model\":\"fake\",\"fault\":\"ws-no-done\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        for (var i = 0; i < 5; i++)
        {
            Assert.Contains("content.delta", (await ReceiveAsync(ws)).Text);
        }

        await WaitForTurnEndAsync(served);
        await SendAsync(ws, "{\"type\":\"ping\"}");
        Assert.Contains("pong", (await ReceiveAsync(ws)).Text);
    }

    [Fact]
    public async Task StatusFaultRefusesTheUpgrade()
    {
        using var ws = new ClientWebSocket();
        ws.Options.SetRequestHeader("x-fake-fault", "status=503");
        ws.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => ws.ConnectAsync(fixture.Server.WebSocketUrl, Cts().Token));
        Assert.Equal(503, (int)ws.HttpStatusCode);
    }

    [Fact]
    public async Task WssWorksWithTheGeneratedCertificate()
    {
        var thumbprint = fixture.Server.Certificate!.GetCertHashString();
        using var ws = new ClientWebSocket();
        ws.Options.RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == thumbprint;
        await ws.ConnectAsync(fixture.Server.WssUrl!, Cts().Token);
        await SendAsync(ws, "{\"type\":\"chat.start\",\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        var (deltas, _) = await ReadTurnAsync(ws);
        Assert.Equal(5, deltas.Count);
    }

    [Theory]
    [InlineData("{\"type\":\"chat.start\",\"model\":\"fake\"}", "messages", "missing_required_parameter")]
    [InlineData("{\"type\":\"chat.start\",\"model\":\"fake\",\"messages\":null}", "messages", "missing_required_parameter")]
    [InlineData("{\"type\":\"chat.start\",\"model\":\"fake\",\"messages\":[]}", "messages", "empty_array")]
    [InlineData("{\"type\":\"chat.start\",\"model\":\"fake\",\"messages\":\"hi\"}", "messages", "invalid_type")]
    [InlineData("{\"type\":\"chat.start\",\"model\":\"fake\",\"messages\":[1]}", "messages", "invalid_type")]
    [InlineData("{\"type\":\"chat.start\",\"model\":7,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "model", "invalid_type")]
    [InlineData("[1,2]", null, "invalid_type")]
    [InlineData("\"chat.start\"", null, "invalid_type")]
    [InlineData("null", null, "invalid_type")]
    [InlineData("{\"type\":\"chat.start\",", null, "bad_json")]
    public async Task BadChatStart_IsOneErrorInTheApisShape_NeverAStream_AndTheConnectionServesOn(string message, string? param, string code)
    {
        using var ws = await ConnectAsync();
        await SendAsync(ws, message);
        var (type, text, _) = await ReceiveAsync(ws);
        Assert.Equal(WebSocketMessageType.Text, type);
        using (var doc = JsonDocument.Parse(text))
        {
            var root = doc.RootElement;
            Assert.Equal("error", root.GetProperty("type").GetString());
            Assert.Equal(code, root.GetProperty("code").GetString());
            Assert.Equal(param, root.GetProperty("param").GetString());
            Assert.False(string.IsNullOrEmpty(root.GetProperty("message").GetString()));
        }

        // The next message answers the next, good chat.start: the bad one started no stream.
        await SendAsync(ws, "{\"type\":\"chat.start\",\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        var (deltas, _) = await ReadTurnAsync(ws);
        Assert.Equal(5, deltas.Count);
        Assert.Equal(WebSocketState.Open, ws.State);
    }

    internal static async Task SendAsync(ClientWebSocket ws, string text) =>
        await ws.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, Cts().Token);

    internal static async Task<(WebSocketMessageType Type, string Text, int Frames)> ReceiveAsync(ClientWebSocket ws)
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        var frames = 0;
        while (true)
        {
            var r = await ws.ReceiveAsync(buffer, Cts().Token);
            frames++;
            message.Write(buffer, 0, r.Count);
            if (r.EndOfMessage)
            {
                return (r.MessageType, Encoding.UTF8.GetString(message.ToArray()), frames);
            }
        }
    }

    internal static async Task<(List<string> Deltas, JsonElement Done)> ReadTurnAsync(ClientWebSocket ws)
    {
        var deltas = new List<string>();
        while (true)
        {
            var (_, text, _) = await ReceiveAsync(ws);
            var root = JsonDocument.Parse(text).RootElement.Clone();
            switch (root.GetProperty("type").GetString())
            {
                case "content.delta":
                    deltas.Add(root.GetProperty("delta").GetString()!);
                    break;
                case "chat.done":
                    return (deltas, root);
                default:
                    throw new Xunit.Sdk.XunitException("unexpected message " + text);
            }
        }
    }

    private static CancellationTokenSource Cts() => new(s_timeout);

    private async Task<ClientWebSocket> ConnectAsync()
    {
        var ws = new ClientWebSocket();
        await ws.ConnectAsync(fixture.Server.WebSocketUrl, Cts().Token);
        return ws;
    }

    private async Task WaitForTurnEndAsync(long? servedBefore = null)
    {
        var deadline = DateTime.UtcNow + s_timeout;
        while (fixture.Server.Counters.ActiveStreams > 0 || (servedBefore is long b && fixture.Server.Counters.RequestsServed <= b))
        {
            Assert.True(DateTime.UtcNow < deadline, "turn did not end");
            await Task.Delay(10);
        }
    }
}
