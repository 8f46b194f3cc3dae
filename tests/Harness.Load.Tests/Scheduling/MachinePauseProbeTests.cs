using System.Diagnostics;
using Harness.Load.Results;
using Harness.Load.Scheduling;
using Harness.Load.Simulations;
using Harness.Load.Tests.Engine;

namespace Harness.Load.Tests.Scheduling;

// Stops the whole test process for a moment: nothing else may be timing then.
[CollectionDefinition(nameof(MachinePauseProbeTests), DisableParallelization = true)]
public sealed class MachinePauseProbeCollection;

[Collection(nameof(MachinePauseProbeTests))]
public class MachinePauseProbeTests
{
    private static readonly long s_ms = Stopwatch.Frequency / 1000;

    [Fact]
    public void A_wake_up_later_than_the_minimum_is_logged_from_when_it_was_due_and_one_on_time_is_not()
    {
        using var probe = new MachinePauseProbe(() => "default", _ => { }); // never runs: Observe alone

        probe.Observe(1_000 * s_ms, 1_001 * s_ms);
        probe.Observe(2_000 * s_ms, 2_002 * s_ms);
        probe.Observe(3_000 * s_ms, 3_030 * s_ms);

        var logged = Assert.Single(probe.Between(0, 10_000 * s_ms));
        Assert.Equal(new HarnessPause(3_000 * s_ms, 3_030 * s_ms, HarnessPause.Machine), logged);
        Assert.False(probe.Running);
    }

    [Fact]
    public void A_probe_that_got_real_time_priority_logs_a_sleep_that_overran()
    {
        int sleeps = 0;
        using var probe = new MachinePauseProbe(() => "SCHED_FIFO 20", ticks => Thread.Sleep(Interlocked.Increment(ref sleeps) == 5 ? 40 : 1));
        long from = Stopwatch.GetTimestamp();
        SpinWait.SpinUntil(() => Volatile.Read(ref sleeps) > 10, TimeSpan.FromSeconds(10));

        Assert.True(probe.Running);
        Assert.Contains(probe.Between(from, Stopwatch.GetTimestamp()), p => p.IsMachine && p.End - p.Start >= 35 * s_ms);
    }

    [Theory]
    [InlineData("nice -10", "harness: the machine's own pauses go unmeasured: the real-time probe got nice -10 priority (SCHED_FIFO needs root or CAP_SYS_NICE, two CPUs and Linux); the runtime's pauses and the lag probes still count")]
    [InlineData("SCHED_FIFO 20", null)]
    public void A_probe_without_real_time_priority_is_said_on_one_line_and_one_with_it_is_not(string priority, string? line)
    {
        using var probe = new MachinePauseProbe(() => priority, _ => Thread.Sleep(1));

        Assert.Equal(line, MachinePauses.Unmeasured(probe));
    }

    [Fact]
    public void The_process_stopped_from_outside_is_a_pause_of_the_machines()
    {
        var probe = MachinePauseProbe.Instance;
        Thread.Sleep(20);
        long from = Stopwatch.GetTimestamp();
        StopThisProcess(TimeSpan.FromMilliseconds(60));
        Thread.Sleep(20);
        long to = Stopwatch.GetTimestamp();

        var pauses = RuntimePauseLog.Instance.Settled(from, to)!;
        if (probe.Running)
        {
            Assert.Contains(pauses, p => p.IsMachine && p.End - p.Start >= 40 * s_ms);
        }
        else
        {
            // Without real-time priority the probe cannot tell the machine from this process.
            Assert.DoesNotContain(pauses, p => p.IsMachine);
        }
    }

    [Fact]
    public async Task A_series_the_machine_stood_still_in_counts_the_pause_as_the_machines_and_says_so()
    {
        var server = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Tokens = 1 };
        var scenario = new LoadScenario { Profile = new LoadProfile([new KeepConstant(2, TimeSpan.FromSeconds(2))]), SaturationThreshold = TimeSpan.FromMilliseconds(20) };
        var stopping = Task.Run(async () =>
        {
            await Task.Delay(1_000);
            StopThisProcess(TimeSpan.FromMilliseconds(60));
        });

        var run = await LoadEngine.RunAsync(scenario, server);
        await stopping;

        var pauses = run.Series.HarnessPauses!;
        if (!MachinePauseProbe.Instance.Running)
        {
            Assert.Equal((null, null), (pauses.MachineCount, pauses.MachineMaxMs)); // unknown, not absent
            return;
        }

        Assert.True(pauses.MachineCount >= 1 && pauses.MachineMaxMs >= 40, $"{pauses.MachineCount} machine pauses, up to {pauses.MachineMaxMs} ms");
        // A stall this long may also push the lag probes' p99 past the threshold: then no stall is called.
        Assert.Equal(!run.Saturation.Saturated, MachineStall.Of(run)?.StartsWith("the machine stood still: the harness's own real-time thread woke up to ", StringComparison.Ordinal) ?? false);
    }

    // Another process stops this one, as a host that takes the CPU away would.
    private static void StopThisProcess(TimeSpan howLong)
    {
        using var stopper = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", FormattableString.Invariant($"kill -STOP {Environment.ProcessId}; sleep {howLong.TotalSeconds:0.###}; kill -CONT {Environment.ProcessId}")]))!;
        stopper.WaitForExit();
    }
}
