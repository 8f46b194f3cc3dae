using Harness.Fakes;

namespace Harness.Clients.Tests;

public sealed class StaleConnectionTests
{
    [Fact]
    public async Task Pooled_websocket_closed_by_the_server_is_replaced_transparently()
    {
        var first = await FakeServer.StartAsync(new FakeServerOptions());
        var port = first.HttpBaseUrl.Port;
        await using var client = ChatStreamClientFactory.Create(Transport.WebSocket, new ChatClientOptions { Endpoint = first.WebSocketUrl, Retry = RetryOptions.None });
        var request = ChatRequest.FromPrompt("fake/ttft=1,itl=1,tokens=3", "hi");
        Assert.Equal(RequestOutcome.Ok, (await client.StreamAsync(request)).Outcome);

        // The server goes away (closing the pooled connection) and comes back on the same port.
        await first.DisposeAsync();
        await using var second = await FakeServer.StartAsync(new FakeServerOptions { Port = port });
        var t = await client.StreamAsync(request);
        Assert.Equal(RequestOutcome.Ok, t.Outcome);
        Assert.False(t.ConnectionReused);
        Assert.Equal(3, t.ContentDeltaCount);
    }
}
