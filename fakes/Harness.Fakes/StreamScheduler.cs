using System.Collections.Concurrent;
using System.Diagnostics;
using Harness.Core;

namespace Harness.Fakes;

/// <summary>
/// The one scheduler every fake stream waits on: a dedicated high-priority thread with a priority
/// queue of due times that sleeps until shortly before the next due time, spins (yielding) the
/// rest, then releases every due waiter. No per-token <c>Task.Delay</c>, so timing stays honest at
/// a thousand concurrent streams. Waiters arrive through a lock-free inbox, so the (high-priority)
/// scheduler thread never waits on a lock held by a preempted normal-priority thread.
/// </summary>
public sealed class StreamScheduler : IDisposable
{
    private static readonly long s_spinWindow = Stopwatch.Frequency / 1000 * 3 / 2; // 1.5 ms
    private static readonly long s_spinOnlyNs = 15_000; // busy-wait only the last 15 µs
    private static readonly long s_maxNapNs = 100_000; // re-check the queue at least every 100 µs
    private static readonly long s_denseGap = Stopwatch.Frequency / 1000; // releases under 1 ms apart: a busy queue
    private static readonly long s_minReleaseGap = Stopwatch.Frequency / 10_000; // 100 µs between releases when busy
    private readonly PriorityQueue<SchedulerWaiter, long> _queue = new(); // scheduler thread only
    private readonly ConcurrentQueue<(SchedulerWaiter Waiter, long Due)> _inbox = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly Thread _thread;
    private readonly bool _inlineContinuations;
    private long _earliest = long.MaxValue;
    private long _pending;
    private volatile bool _stopping;

    /// <summary>Starts the scheduler thread.</summary>
    /// <param name="inlineContinuations">
    /// When true, released waiters continue on the scheduler thread itself (lowest lateness, but
    /// the stream's write runs there); when false they continue on the thread pool.
    /// </param>
    public StreamScheduler(bool inlineContinuations = false)
    {
        _inlineContinuations = inlineContinuations;
        _thread = new Thread(Run) { IsBackground = true, Name = "fake-stream-scheduler", Priority = ThreadPriority.Highest };
        _thread.Start();
    }

    /// <summary>How late the scheduler thread itself released waiters (before any thread-pool hop or write).</summary>
    public LatenessRecorder ReleaseLateness { get; } = new();

    /// <summary>What OS priority the scheduler thread got (<c>SCHED_FIFO 10</c>, <c>nice -10</c> or <c>default</c>).</summary>
    public string ThreadPriorityGranted { get; private set; } = "pending";

    /// <summary>Waiters currently queued.</summary>
    public int Pending => (int)Interlocked.Read(ref _pending);

    /// <summary>
    /// A reusable waiter for one stream's successive waits (no allocation per wait); the hot
    /// paths, one per token, use it.
    /// </summary>
    public SchedulerWaiter CreateWaiter() => new(this, !_inlineContinuations);

    /// <summary>Completes when the <see cref="Stopwatch"/> timestamp <paramref name="dueTimestamp"/> is reached (allocates: for one-off waits).</summary>
    public Task WaitUntilAsync(long dueTimestamp) => CreateWaiter().WaitUntilAsync(dueTimestamp).AsTask();

    /// <summary>Queues <paramref name="waiter"/> for release at <paramref name="dueTimestamp"/>; false when stopping.</summary>
    internal bool Enqueue(SchedulerWaiter waiter, long dueTimestamp)
    {
        if (_stopping)
        {
            return false;
        }

        Interlocked.Increment(ref _pending);
        _inbox.Enqueue((waiter, dueTimestamp));
        if (dueTimestamp < Interlocked.Read(ref _earliest))
        {
            _wake.Set();
        }

        return true;
    }

    /// <summary>Stops the thread and releases every waiter.</summary>
    public void Dispose()
    {
        _stopping = true;
        _wake.Set();
        _thread.Join();
        _wake.Dispose();
    }

    private void Run()
    {
        PreciseSleep.TightenTimerSlack();
        ThreadPriorityGranted = PreciseSleep.RaiseThreadPriority();
        var due = new List<SchedulerWaiter>(256);
        var lastRelease = long.MinValue / 2;
        while (!_stopping)
        {
            while (_inbox.TryDequeue(out var item))
            {
                _queue.Enqueue(item.Waiter, item.Due);
            }

            var next = _queue.TryPeek(out _, out var p) ? p : long.MaxValue;
            Interlocked.Exchange(ref _earliest, next);
            if (!_inbox.IsEmpty)
            {
                continue; // something arrived while publishing: it may be earlier
            }

            if (next == long.MaxValue)
            {
                _wake.WaitOne(100);
                continue;
            }

            // When streams continue on the thread pool, a busy queue (a thousand streams: a due time
            // every ~20 µs) is released in batches at most every 100 µs, with no spinning: waking and
            // spinning for each due time kept this high-priority thread on a core most of the time,
            // the CPU the streams' writes needed. Inline, this thread does the writes itself and a
            // forced pause would only cost it throughput (measured: p99 at 1,000 streams doubled).
            var now = Stopwatch.GetTimestamp();
            var dense = !_inlineContinuations && next - lastRelease < s_denseGap;
            var wakeAt = dense ? Math.Max(next, lastRelease + s_minReleaseGap) : next;
            var remaining = wakeAt - now;
            if (remaining > s_spinWindow)
            {
                var sleepMs = SleepMillisecondsFor(remaining - s_spinWindow);
                if (sleepMs > 0)
                {
                    _wake.WaitOne(sleepMs);
                    continue;
                }
            }

            if (remaining > 0)
            {
                var remainingNs = remaining * 1_000_000_000 / Stopwatch.Frequency;
                if (PreciseSleep.IsSupported && (dense || remainingNs > s_spinOnlyNs))
                {
                    // Short precise sleeps, capped so a newly queued earlier waiter is not missed for long.
                    PreciseSleep.Sleep(Math.Min(dense ? remainingNs : remainingNs - s_spinOnlyNs, s_maxNapNs));
                }
                else if (remainingNs > s_spinOnlyNs)
                {
                    Thread.Yield();
                }
                else
                {
                    Thread.SpinWait(20);
                }

                continue;
            }

            lastRelease = now;
            while (_queue.TryPeek(out var waiter, out var at) && at <= now)
            {
                ReleaseLateness.Record(TimeSpan.FromTicks((now - at) * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
                _queue.Dequeue();
                due.Add(waiter);
            }

            Interlocked.Add(ref _pending, -due.Count);
            foreach (var waiter in due)
            {
                waiter.Release();
            }

            due.Clear();
        }

        while (_inbox.TryDequeue(out var item))
        {
            _queue.Enqueue(item.Waiter, item.Due);
        }

        while (_queue.TryDequeue(out var waiter, out _))
        {
            Interlocked.Decrement(ref _pending);
            waiter.Release();
        }
    }

    /// <summary>
    /// Milliseconds to block for a due time <paramref name="ticks"/> away: at most a second (the
    /// loop re-checks), never negative from an overflow, so a due time days away is a sleep, not a spin.
    /// </summary>
    internal static int SleepMillisecondsFor(long ticks) =>
        ticks <= 0 ? 0 : (int)Math.Min(ticks / Math.Max(1, Stopwatch.Frequency / 1000), 1000);
}
