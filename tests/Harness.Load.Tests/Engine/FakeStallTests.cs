using Harness.Clients;
using Harness.Core.Schedule;
using Harness.Fakes;
using Harness.Load.Results;
using Harness.Load.Simulations;

namespace Harness.Load.Tests.Engine;

/// <summary>The real SSE client against the embedded fake with its <c>stall=MS@i</c> fault, over loopback.</summary>
public sealed class FakeStallTests : IAsyncLifetime
{
    private FakeServer _fake = null!;

    public async Task InitializeAsync() =>
        _fake = await FakeServer.StartAsync(new FakeServerOptions { Schedule = TokenSchedule.Parse("ttft=5,itl=2,tokens=5") });

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private IChatStreamClient Client() => ChatStreamClientFactory.Create(Transport.Sse, new ChatClientOptions { Endpoint = _fake.HttpBaseUrl, Retry = RetryOptions.None });

    private static LoadScenario Scenario(LoadSimulation step) => new()
    {
        Profile = new LoadProfile([step]),
        Headers = new Dictionary<string, string> { ["x-fake-fault"] = "stall=100@1" },
        MaxInFlight = 1,
        // Without it the first request pays JIT and the connection (hundreds of ms on a cold process).
        WarmUp = TimeSpan.FromMilliseconds(500),
    };

    [Fact]
    public async Task Open_model_against_a_stalling_fake_counts_the_queueing()
    {
        // 20 requests/s for 1 s through one slot, each stalled 100 ms: the queue builds up and only
        // the latency from the intended start shows it.
        await using var client = Client();
        var run = await LoadEngine.RunAsync(Scenario(new Inject(20, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1))), client);
        Assert.Equal(20, run.Series.Requests);
        Assert.Equal(20, run.Series.Outcomes["ok"]);
        var corrected = run.Series.Metrics[MetricNames.EndToEnd];
        var uncorrected = run.Series.Metrics[MetricNames.EndToEnd + MetricNames.UncorrectedSuffix];
        Assert.True(uncorrected.P50 >= 100, $"each request holds the 100 ms stall: {uncorrected.P50} ms");
        // Against the uncorrected median, not its p99: of 20 requests the p99 is the slowest one.
        Assert.True(corrected.P99 > 5 * uncorrected.P50, $"corrected p99 {corrected.P99} ms vs uncorrected p50 {uncorrected.P50} ms");
        Assert.True(run.Series.LateSends >= 10, $"late sends {run.Series.LateSends}");
    }

    [Fact]
    public async Task Closed_model_against_the_same_fake_sends_fewer_requests()
    {
        await using var client = Client();
        // A closed-model copy that is still in its first (cold) request when the measured window
        // ends starts nothing in it: on a busy CI machine that request once outlasted warm-up and
        // window together. One unstalled request first pays JIT and the connection.
        var first = await client.StreamAsync(ChatRequest.FromPrompt("fake", "warm"), 0, null, CancellationToken.None);
        Assert.Equal(RequestOutcome.Ok, first.Outcome);
        var run = await LoadEngine.RunAsync(Scenario(new KeepConstant(1, TimeSpan.FromSeconds(2))), client);
        // One copy at ≥ 100 ms a request: at most ~20 in two seconds, where the open model sends 20 a second.
        Assert.InRange(run.Series.Requests, 1, 21);
        var e2e = run.Series.Metrics[MetricNames.EndToEnd];
        // The typical request sees its own 100 ms stall and no queue (the open model's median is
        // several hundred ms). Not p99: of ~10 requests that is the slowest one, which one GC or
        // thread-pool hiccup on a busy CI machine once made 676 ms.
        Assert.True(e2e.P50 < 300, $"the closed model never sees the queue: p50 {e2e.P50} ms");
    }
}
