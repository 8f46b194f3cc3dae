using System.Collections.Concurrent;
using System.Diagnostics;
using Harness.Load.Scheduling;

namespace Harness.Load.Tests.Scheduling;

public class ReadLagProbeTests
{
    [Fact]
    public async Task Every_stamp_sent_is_received_once_in_order()
    {
        var samples = new ConcurrentQueue<(long Sent, long Lag)>();
        long before = Stopwatch.GetTimestamp();
        await using (var probe = await ReadLagProbe.StartAsync(TimeSpan.FromMilliseconds(5), (sent, lag) => samples.Enqueue((sent, lag))))
        {
            await Task.Delay(500);
        }

        var list = samples.ToList();
        Assert.True(list.Count >= 5, $"{list.Count} samples in 500 ms at one per 5 ms");
        Assert.All(list, s => Assert.True(s.Sent >= before && s.Lag >= 0, $"sent {s.Sent}, lag {s.Lag}"));
        Assert.Equal(list.Select(s => s.Sent).Order(), list.Select(s => s.Sent));
        Assert.Equal(list.Count, list.Select(s => s.Sent).Distinct().Count());
    }

    [Fact]
    public async Task A_starved_thread_pool_shows_in_the_read_lag()
    {
        // Socket completions continue on the thread pool: with every pool thread held for 300 ms
        // (and spare work queued ahead, for any thread the pool adds meanwhile), a stamp sent
        // meanwhile cannot be handled on time, and the probe must say how late it was. 32 spare
        // items: with 4, a pool injecting threads for blocked work under four busy loops reached
        // the probe's completion after 39 ms.
        var samples = new ConcurrentQueue<long>();
        await using (var probe = await ReadLagProbe.StartAsync(TimeSpan.FromMilliseconds(5), (_, lag) => samples.Enqueue(lag)))
        {
            await Task.Delay(50);
            using var release = new ManualResetEventSlim();
            int held = ThreadPool.ThreadCount + 32;
            using var done = new CountdownEvent(held);
            for (int i = 0; i < held; i++)
            {
                ThreadPool.UnsafeQueueUserWorkItem(_ => { release.Wait(); done.Signal(); }, null);
            }

            var holder = new Thread(() => { Thread.Sleep(300); release.Set(); });
            holder.Start();
            holder.Join();
            done.Wait();
            await Task.Delay(50);
        }

        double worstMs = samples.Max() * 1000.0 / Stopwatch.Frequency;
        Assert.True(worstMs >= 100, $"worst read lag {worstMs:0.0} ms while the pool slept 300 ms");
    }
}
