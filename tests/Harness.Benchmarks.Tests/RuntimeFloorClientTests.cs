using Harness.Benchmarks.ClientCost;
using Harness.Clients;
using Harness.Fakes;

namespace Harness.Benchmarks.Tests;

public class RuntimeFloorClientTests
{
    private static readonly ChatRequest Request = ChatRequest.FromPrompt("fake/ttft=0,itl=1,tokens=5", "count the tokens");

    [Theory]
    [InlineData(Transport.Sse)]
    [InlineData(Transport.SseHttp2)]
    [InlineData(Transport.WebSocket)]
    public async Task Complete_streams_count_the_tokens_asked_for_round_after_round(Transport transport)
    {
        await using var server = await FakeServer.StartAsync(new FakeServerOptions());
        await using var floor = new RuntimeFloorClient(transport, EndpointOf(server, transport), Request, tokens: 5);

        Assert.Equal((15, 0), await floor.RunRoundAsync(3));
        Assert.Equal((15, 0), await floor.RunRoundAsync(3));
        Assert.Equal(6, server.Counters.RequestsServed);
    }

    [Theory]
    [InlineData(Transport.Sse, "no-done")]
    [InlineData(Transport.SseHttp2, "no-done")]
    [InlineData(Transport.Sse, "drop-rst@2")]
    [InlineData(Transport.WebSocket, "ws-abort@2")]
    [InlineData(Transport.WebSocket, "ws-close-1011@2")]
    public async Task Streams_that_do_not_end_with_their_marker_count_as_failed(Transport transport, string fault)
    {
        await using var server = await FakeServer.StartAsync(new FakeServerOptions { Faults = FaultSpec.Parse(fault) });
        await using var floor = new RuntimeFloorClient(transport, EndpointOf(server, transport), Request, tokens: 5);

        Assert.Equal((0, 3), await floor.RunRoundAsync(3));
    }

    private static Uri EndpointOf(FakeServer server, Transport transport) => transport switch
    {
        Transport.Sse => server.HttpBaseUrl,
        Transport.SseHttp2 => server.Http2BaseUrl,
        _ => server.WebSocketUrl,
    };
}
