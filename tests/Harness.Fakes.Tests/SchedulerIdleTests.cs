using System.Diagnostics;

namespace Harness.Fakes.Tests;

/// <summary>A huge request cancelled leaves the scheduler asleep: its threads use no CPU while idle.</summary>
[Collection(nameof(SchedulerIdleTests))]
[CollectionDefinition(nameof(SchedulerIdleTests), DisableParallelization = true)]
public sealed class SchedulerIdleTests
{
    [Fact]
    public async Task CancelledHugeRequest_SchedulerIdles_NoSpin()
    {
        await using var server = await FakeServer.StartAsync(new FakeServerOptions { Schedule = FakeServerFixture.FastSchedule });
        using var http = new HttpClient { BaseAddress = server.HttpBaseUrl };
        using (var cts = new CancellationTokenSource())
        {
            using var request = FakeServerFixture.ChatRequest(model: "fake/ttft=3600s,tokens=1");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            await cts.CancelAsync();
        }

        await Task.Delay(500);
        var cpuBefore = SchedulerThreadsCpu();
        var wall = Stopwatch.StartNew();
        await Task.Delay(3000);
        var cpu = SchedulerThreadsCpu() - cpuBefore;
        // The scheduler threads' own CPU, not the process's: other test classes' leftovers (JIT,
        // GC, closing connections) must not count. A spinning scheduler burns most of a core.
        Assert.True(cpu < wall.Elapsed * 0.2, $"{cpu.TotalMilliseconds:0} ms of scheduler CPU in {wall.Elapsed.TotalMilliseconds:0} ms idle");
    }

    /// <summary>User + system time of every thread named like the scheduler's (Linux /proc; comm is cut to 15 bytes).</summary>
    private static TimeSpan SchedulerThreadsCpu()
    {
        const double ClockTicksPerSecond = 100; // USER_HZ, fixed at 100 on Linux
        long ticks = 0;
        int threads = 0;
        foreach (var (name, fields) in ProcessThreads.Read())
        {
            if (!"fake-stream-scheduler".StartsWith(name, StringComparison.Ordinal) || name.Length < 10)
            {
                continue;
            }

            ticks += long.Parse(fields[11]) + long.Parse(fields[12]); // utime, stime
            threads++;
        }

        Assert.True(threads > 0, "no fake-stream-scheduler thread found in /proc/self/task");
        return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
    }
}
