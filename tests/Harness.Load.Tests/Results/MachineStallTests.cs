using Harness.Load.Results;

namespace Harness.Load.Tests.Results;

public sealed class MachineStallTests
{
    [Theory]
    // A stall (p99.9 past the threshold) with the highest-priority thread as late: the machine's.
    [InlineData(20.9, 20.3, true)]
    [InlineData(5.5, 9.5, true)]
    // The scheduler released on time: the delay came after it, in a path that may be the transport's.
    [InlineData(5.8, 2.9, false)]
    // One late release without a stall (p99.9 within the threshold): a blip, not a stall.
    [InlineData(3.0, 12.0, false)]
    public void TheMachineStoodStill_OnlyWhenTheFakeStalled_AndItsSchedulerWasAsLate(double p999Ms, double schedulerMaxMs, bool machine)
    {
        var lateness = new ServerLateness { Events = 4650, P50Ms = 0.1, P99Ms = 1.3, P999Ms = p999Ms, MaxMs = Math.Max(p999Ms, schedulerMaxMs), SchedulerMaxMs = schedulerMaxMs };

        var why = MachineStall.Of(lateness, thresholdMs: 5);

        Assert.Equal(machine, why is not null);
        if (machine)
        {
            Assert.Equal($"the machine stood still: the embedded fake's highest-priority thread was up to {schedulerMaxMs:0.0} ms late, its tokens {p999Ms:0.0} ms at p99.9 (over 5 ms)", why);
        }
    }

    [Fact]
    public void WithoutTheFakesLateness_OrItsSchedulersFigure_NothingIsSaid()
    {
        Assert.Null(MachineStall.Of(null, 5));
        Assert.Null(MachineStall.Of(new ServerLateness { P999Ms = 50, MaxMs = 50, SchedulerMaxMs = null }, 5));
    }
}
