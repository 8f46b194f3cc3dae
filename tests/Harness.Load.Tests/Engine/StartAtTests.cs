using Harness.Load.Simulations;

namespace Harness.Load.Tests.Engine;

/// <summary>
/// <c>StartAt</c> (<c>--start-at</c>): a run waits for it, and one ready only after it has passed by
/// more than the tolerance refuses to start out of step with the agents that kept it.
/// </summary>
public sealed class StartAtTests
{
    private static LoadScenario Scenario() => new()
    {
        Profile = new LoadProfile([new Inject(20, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(0.5))]),
        LoadPoint = "r20",
        WarmUp = TimeSpan.Zero,
    };

    private static SimulatedServer Server() => new() { Ttft = TimeSpan.FromMilliseconds(5), Itl = TimeSpan.FromMilliseconds(1), Tokens = 2 };

    [Fact]
    public async Task AStartAhead_IsWaitedFor()
    {
        var startAt = DateTimeOffset.UtcNow.AddMilliseconds(400);

        var run = await LoadEngine.RunAsync(Scenario(), Server(), new LoadRunOptions { StartAt = startAt });

        Assert.True(run.StartedUtc >= startAt, $"started {run.StartedUtc:O}, before {startAt:O}");
        Assert.Equal(10, run.Series.Requests);
    }

    [Fact]
    public async Task AStartPassedWithinTheTolerance_StartsAtOnce()
    {
        var run = await LoadEngine.RunAsync(Scenario(), Server(), new LoadRunOptions { StartAt = DateTimeOffset.UtcNow - (LoadRunOptions.StartAtTolerance / 2) });

        Assert.Equal(10, run.Series.Requests);
    }

    [Fact]
    public async Task AStartPassedBeyondTheTolerance_IsRefused_NothingSent()
    {
        var server = Server();
        var startAt = DateTimeOffset.UtcNow - (3 * LoadRunOptions.StartAtTolerance);

        var ex = await Assert.ThrowsAsync<StartMissedException>(() => LoadEngine.RunAsync(Scenario(), server, new LoadRunOptions { StartAt = startAt }));

        Assert.StartsWith($"--start-at {startAt.UtcDateTime:HH:mm:ss.f} UTC had passed 3.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("nothing measured: give a time further ahead", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Calls);
    }
}
