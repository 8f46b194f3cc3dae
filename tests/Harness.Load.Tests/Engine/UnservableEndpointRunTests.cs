using System.Diagnostics;
using Harness.Clients;
using Harness.Core.Schedule;
using Harness.Fakes;
using Harness.Load.Simulations;

namespace Harness.Load.Tests.Engine;

/// <summary>
/// The engine stops a series whose endpoint evidently cannot serve it, over real loopback: a closed
/// port and the embedded fake answering 401, against a fake answering 503 (overload: measured whole).
/// </summary>
public sealed class UnservableEndpointRunTests : IAsyncLifetime
{
    private static readonly Uri s_closedPort = new("http://127.0.0.1:9/v1");
    private FakeServer _fake = null!;

    public async Task InitializeAsync() =>
        _fake = await FakeServer.StartAsync(new FakeServerOptions { Schedule = TokenSchedule.Parse("ttft=5,itl=2,tokens=3") });

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private static IChatStreamClient Client(Uri endpoint) =>
        ChatStreamClientFactory.Create(Transport.Sse, new ChatClientOptions { Endpoint = endpoint, Retry = RetryOptions.None });

    private static LoadScenario Scenario(LoadSimulation step, TimeSpan warmUp, string? fault = null) => new()
    {
        Profile = new LoadProfile([step]),
        WarmUp = warmUp,
        Headers = fault is null ? null : new Dictionary<string, string> { ["x-fake-fault"] = fault },
        SaturationThreshold = TimeSpan.FromSeconds(30),
    };

    [Fact]
    public async Task ClosedModel_AgainstAClosedPort_StopsInItsWarmUp_MeasuringNothing()
    {
        await using var client = Client(s_closedPort);
        var clock = Stopwatch.StartNew();
        var run = await LoadEngine.RunAsync(Scenario(new KeepConstant(4, TimeSpan.FromSeconds(20)), TimeSpan.FromSeconds(5)), client);

        // Before: 25 s of a tight loop of refusals (thousands a second). Now: 20 refusals, well inside the warm-up.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(0, run.Series.Requests);
        Assert.True(run.Partial);
        // The first 20 sent, and those ending meanwhile: every one counted.
        Assert.Matches(@"^every one of the (\d+) warm-up requests failed \(connect_error \1; first: connection refused \(127\.0\.0\.1:9\)\)$", run.Series.StoppedBecause);
    }

    [Fact]
    public async Task OpenModel_WithoutWarmUp_AgainstA401_StopsAfterTheFirstRequests_KeepingThem()
    {
        await using var client = Client(_fake.HttpBaseUrl);
        var run = await LoadEngine.RunAsync(Scenario(new Inject(50, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(6)), TimeSpan.Zero, "status=401"), client);

        // Before: all 300 sent. Now: the measured requests up to the verdict are kept, the rest never sent.
        Assert.InRange(run.Series.Requests, Harness.Load.Scheduling.UnservableEndpoint.EnoughFailures, 60);
        Assert.Equal(run.Series.Requests, run.Series.Outcomes.GetValueOrDefault("http_error") + run.Series.Outcomes.GetValueOrDefault("stopped"));
        Assert.Matches(@"^every one of the first (\d+) requests failed \(http_error\(401\) \1; first: HTTP 401: ", run.Series.StoppedBecause);
    }

    [Theory]
    [InlineData("status=503")] // overload: the user wants it measured
    [InlineData("status=401,share=0.5")] // half served: the endpoint works
    public async Task TransientFailuresOrSomeSuccess_RunTheirCourse(string fault)
    {
        await using var client = Client(_fake.HttpBaseUrl);
        var run = await LoadEngine.RunAsync(Scenario(new Inject(50, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)), TimeSpan.FromMilliseconds(500), fault), client);

        Assert.Null(run.Series.StoppedBecause);
        Assert.Equal(100, run.Series.Requests);
    }
}
