using Harness.Load.Scheduling;
using Harness.Load.Simulations;

namespace Harness.Load.Tests.Engine;

/// <summary>
/// A progress line says "warm-up" when the second it reports ended within the warm-up, judged by
/// the time it prints: the line at the warm-up's end ("2.0s" after a 2 s warm-up) is labelled the
/// same whichever side of that end the once-a-second timer fired, where it used to depend on a
/// millisecond (sse printed "2.0s req/s=…", ws "2.0s warm-up …" in one run).
/// </summary>
public sealed class ProgressWarmUpLabelTests
{
    [Theory]
    [InlineData(1.9993, 2.0, true)]   // the timer fired a moment early
    [InlineData(2.0007, 2.0, true)]   // or a moment late: the same line
    [InlineData(1.0004, 2.0, true)]
    [InlineData(2.9993, 2.0, false)]
    [InlineData(3.0007, 2.0, false)]
    [InlineData(1.0002, 0.1, false)]
    [InlineData(1.0002, 0.0, false)]
    [InlineData(0.9996, 1.0, true)]
    public void TheLabel_FollowsThePrintedTime(double elapsedSeconds, double warmUpSeconds, bool warmingUp) =>
        Assert.Equal(warmingUp, LoadRun.IsWarmUpLine(TimeSpan.FromSeconds(elapsedSeconds), TimeSpan.FromSeconds(warmUpSeconds)));

    [Fact]
    public async Task EveryLine_AtOrBeforeTheWarmUpsEnd_SaysWarmUp_AndNoLaterOne()
    {
        var server = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Tokens = 1 };
        var scenario = new LoadScenario { WarmUp = TimeSpan.FromSeconds(1), Profile = new LoadProfile([new KeepConstant(1, TimeSpan.FromSeconds(1.5))]) };
        var lines = new List<LoadProgress>();

        await LoadEngine.RunAsync(scenario, server, new LoadRunOptions { Progress = p => { lock (lines) { lines.Add(p); } } });

        lock (lines)
        {
            Assert.Contains(lines, p => p.WarmingUp);
            Assert.All(lines, p => Assert.True(
                p.WarmingUp == (Math.Round(p.Elapsed.TotalSeconds, 1) <= 1.0),
                $"'{p}' after a 1 s warm-up"));
        }
    }
}
