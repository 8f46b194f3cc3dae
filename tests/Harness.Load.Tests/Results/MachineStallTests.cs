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
        Assert.Null(MachineStall.Of((ServerLateness?)null, 5));
        Assert.Null(MachineStall.Of(new ServerLateness { P999Ms = 50, MaxMs = 50, SchedulerMaxMs = null }, 5));
    }

    [Theory]
    // Without a fake's thread to watch, the harness's own real-time probe: late past the threshold is the machine.
    [InlineData(12.04, true)]
    [InlineData(5.0, false)]
    [InlineData(2.5, false)]
    public void AgainstAnotherEndpoint_TheMachineStoodStill_WhenTheHarnesssOwnProbeWokeLaterThanTheThreshold(double machineMaxMs, bool machine)
    {
        var pauses = new HarnessPauses { Count = 2, MaxMs = 30, MachineCount = 1, MachineMaxMs = machineMaxMs };

        var why = MachineStall.Of(pauses, thresholdMs: 5);

        Assert.Equal(machine ? "the machine stood still: the harness's own real-time thread woke up to 12.0 ms late (over 5 ms), with no runtime pause to explain it" : null, why);
    }

    [Fact]
    public void WhereTheProbeCouldNotRun_NothingIsSaid()
    {
        Assert.Null(MachineStall.Of(new HarnessPauses { Count = 3, MaxMs = 40, MachineCount = null, MachineMaxMs = null }, 5));
        Assert.Null(MachineStall.Of((HarnessPauses?)null, 5));
    }
}
