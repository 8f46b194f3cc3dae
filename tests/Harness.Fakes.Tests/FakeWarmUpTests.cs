using System.Net;
using System.Net.WebSockets;
using System.Text;

namespace Harness.Fakes.Tests;

public sealed class FakeWarmUpTests
{
    [Fact]
    public async Task Warm_up_runs_past_key_and_faults_then_leaves_no_trace()
    {
        // Default faults and a key would refuse every warm-up request if it were not exempt.
        await using var server = await FakeServer.StartAsync(new FakeServerOptions
        {
            WarmUp = true,
            Tls = true,
            ApiKey = "k-123",
            Faults = FaultSpec.Parse("status=500"),
        });
        Assert.NotNull(server.WarmUpReport);
        Assert.Equal(0, server.Counters.RequestsStarted);
        Assert.Equal(0, server.Counters.WebSocketSessions);
        Assert.Equal(0, server.Lateness.Snapshot().Count);
        Assert.Null(server.WriteLog.Find(0));

        // The exemption needs the process's own token: an outside request still meets key and faults.
        using var http = new HttpClient { BaseAddress = server.HttpBaseUrl };
        using var guessed = FakeServerFixture.ChatRequest();
        guessed.Headers.Add("x-fake-warmup", "00000000000000000000000000000000");
        using var refused = await http.SendAsync(guessed);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var keyed = FakeServerFixture.ChatRequest();
        keyed.Headers.Add("Authorization", "Bearer k-123");
        using var faulted = await http.SendAsync(keyed);
        Assert.Equal(HttpStatusCode.InternalServerError, faulted.StatusCode);
        Assert.Equal(2, server.Counters.RequestsStarted);
    }

    [Fact]
    public async Task Without_warm_up_nothing_runs_before_start_returns()
    {
        await using var server = await FakeServer.StartAsync(new FakeServerOptions());
        Assert.Null(server.WarmUpReport);
        Assert.Equal(0, server.Counters.RequestsStarted);
    }

    [Fact]
    public async Task A_websocket_request_index_may_be_a_numeric_string()
    {
        await using var server = await FakeServer.StartAsync(new FakeServerOptions());
        using var ws = new ClientWebSocket();
        await ws.ConnectAsync(server.WebSocketUrl, CancellationToken.None);
        var start = Encoding.UTF8.GetBytes("{\"type\":\"chat.start\",\"model\":\"fake/ttft=1,itl=1,tokens=2\",\"request_index\":\"77\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        await ws.SendAsync(start, WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[8192];
        string text;
        do
        {
            var r = await ws.ReceiveAsync(buffer, CancellationToken.None);
            text = Encoding.UTF8.GetString(buffer, 0, r.Count);
        }
        while (!text.Contains("chat.done", StringComparison.Ordinal));
        Assert.Contains("\"request_index\":77", text, StringComparison.Ordinal);
        var record = server.WriteLog.Find(77);
        Assert.NotNull(record);
        Assert.All(record.Written, w => Assert.NotEqual(0, w));
    }
}
