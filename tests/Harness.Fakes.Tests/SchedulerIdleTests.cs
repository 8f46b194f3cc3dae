using System.Diagnostics;

namespace Harness.Fakes.Tests;

/// <summary>Alone, so the process's CPU time is the fake's own: a huge request cancelled leaves the scheduler asleep.</summary>
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
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await Task.Delay(3000);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        // A spinning scheduler thread burns most of a core; idle, the whole test process uses a few
        // percent (other test classes may run meanwhile, hence the margin).
        Assert.True(cpu < wall.Elapsed * 0.6, $"{cpu.TotalMilliseconds:0} ms of CPU in {wall.Elapsed.TotalMilliseconds:0} ms idle");
    }
}
