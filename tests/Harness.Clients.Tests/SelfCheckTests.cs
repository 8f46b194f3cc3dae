using Harness.Clients.SelfCheck;
using Harness.Core.Schedule;
using Harness.Fakes;

namespace Harness.Clients.Tests;

/// <summary>Loose bounds only: the tight figures come from 'harness selfcheck' (README). Run alone, not beside the other tests.</summary>
[Collection(nameof(SelfCheckTests))]
[CollectionDefinition(nameof(SelfCheckTests), DisableParallelization = true)]
public sealed class SelfCheckTests
{
    [Theory]
    [InlineData("sse")]
    [InlineData("sse-h2")]
    [InlineData("ws")]
    public async Task Measured_ttft_and_gaps_are_close_to_the_schedule(string transportName)
    {
        Assert.True(TransportNames.TryParse(transportName, out var transport));
        var schedule = TokenSchedule.Parse("ttft=100,itl=20,tokens=20");
        await using var server = await FakeServer.StartAsync(new FakeServerOptions { Schedule = schedule });
        var endpoint = transport switch
        {
            Transport.Sse => server.HttpBaseUrl,
            Transport.SseHttp2 => server.Http2BaseUrl,
            _ => server.WebSocketUrl,
        };
        await using var client = ChatStreamClientFactory.Create(transport, new ChatClientOptions { Endpoint = endpoint });
        var offsets = schedule.Chunks(0).Select(c => c.Offset).ToArray();
        var result = await SelfCheckRunner.RunAsync(client, "fake/ttft=100,itl=20,tokens=20", offsets, concurrency: 1, rounds: 3, "fake/ttft=1,itl=1,tokens=2");
        Assert.Equal(3, result.OkStreams);
        Assert.Equal(3, result.TtftErrorsMs.Length);
        Assert.Equal(3 * 19, result.GapErrorsMs.Length);
        Assert.InRange(result.TtftErrorP50, -15, 15);
        Assert.InRange(result.GapErrorP50, -15, 15);
    }
}
