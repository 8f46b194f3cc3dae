using System.Diagnostics;
using Harness.Benchmarks.Gate;

namespace Harness.Benchmarks.Tests;

/// <summary>The gate's slice clock counts the thread's CPU time, not the time it spent off a CPU.</summary>
public sealed class ThreadCpuClockTests
{
    [Fact]
    public void A_sleeping_thread_accrues_almost_no_time()
    {
        if (!ReadsThreadCpuTime())
        {
            return;
        }

        double start = ThreadCpuClock.Now();
        Thread.Sleep(200);
        double cpuMs = (ThreadCpuClock.Now() - start) / 1e6;

        // A wall clock would read at least 200 ms here.
        Assert.InRange(cpuMs, 0, 20);
    }

    [Fact]
    public void A_spinning_thread_accrues_its_work()
    {
        if (!ReadsThreadCpuTime())
        {
            return;
        }

        double start = ThreadCpuClock.Now();
        double accrued = 0;
        var wall = Stopwatch.StartNew();
        while (accrued < 20e6 && wall.Elapsed < TimeSpan.FromSeconds(30))
        {
            accrued = ThreadCpuClock.Now() - start;
        }

        Assert.True(accrued >= 20e6, $"20 ms of spinning read as {accrued / 1e6:0.000} ms of CPU time after {wall.Elapsed.TotalMilliseconds:0} ms");
    }

    /// <summary>On Linux the clock must be thread CPU time; elsewhere the gate uses the wall clock and there is nothing to check.</summary>
    private static bool ReadsThreadCpuTime()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        Assert.True(ThreadCpuClock.IsThreadCpuTime, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) is available on Linux");
        return true;
    }
}
