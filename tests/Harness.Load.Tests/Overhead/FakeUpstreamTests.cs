using Harness.Clients;
using Harness.Core.Schedule;
using Harness.Fakes;
using Harness.Load.Overhead;

namespace Harness.Load.Tests.Overhead;

public sealed class FakeUpstreamTests
{
    [Fact]
    public async Task TheFakesSchedule_WithTheModelsAndHeadersKeysOverIt()
    {
        await using var fake = await FakeServer.StartAsync(new FakeServerOptions { Schedule = TokenSchedule.Parse("ttft=40,itl=4,tokens=9") });

        var plain = await FakeUpstream.TryReadScheduleAsync(fake.WebSocketUrl, ChatRequest.FromPrompt("fake", "hi"), CancellationToken.None);
        Assert.Equal(TokenSchedule.Parse("ttft=40,itl=4,tokens=9"), plain);

        var request = ChatRequest.FromPrompt("fake/itl=7", "hi") with { Headers = new Dictionary<string, string> { ["X-Fake-Profile"] = "tokens=3" } };
        var overridden = await FakeUpstream.TryReadScheduleAsync(fake.HttpBaseUrl, request, CancellationToken.None);
        Assert.Equal(TokenSchedule.Parse("ttft=40,itl=7,tokens=3"), overridden);
    }

    [Fact]
    public async Task ARealModelNameNeverAsksTheEndpoint()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var endpoint = new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}");
            Assert.Null(await FakeUpstream.TryReadScheduleAsync(endpoint, ChatRequest.FromPrompt("gpt-4o-mini", "hi"), CancellationToken.None));
            Assert.False(listener.Pending(), "a real provider was sent a request for the fake's schedule");
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task NotTheFake_Null()
    {
        // Nothing listens on port 1.
        Assert.Null(await FakeUpstream.TryReadScheduleAsync(new Uri("http://127.0.0.1:1"), ChatRequest.FromPrompt("fake", "hi"), CancellationToken.None));
    }

    [Theory]
    [InlineData("ws://127.0.0.1:5000/v1/ws/chat", "http://127.0.0.1:5000/v1/fake/schedule")]
    [InlineData("wss://localhost:5001/v1/ws/chat", "https://localhost:5001/v1/fake/schedule")]
    [InlineData("http://127.0.0.1:5000/v1/chat/completions", "http://127.0.0.1:5000/v1/fake/schedule")]
    public void ScheduleUrl_IsAtTheOrigin(string endpoint, string expected)
    {
        Assert.Equal(new Uri(expected), FakeUpstream.ScheduleUrl(new Uri(endpoint)));
    }
}
