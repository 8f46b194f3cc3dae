using System.Diagnostics;

namespace Harness.Fakes;

/// <summary>
/// The one scheduler every fake stream waits on: a dedicated high-priority thread with a priority
/// queue of due times that sleeps until shortly before the next due time, spins (yielding) the
/// rest, then releases every due waiter. No per-token <c>Task.Delay</c>, so timing stays honest at
/// a thousand concurrent streams.
/// </summary>
public sealed class StreamScheduler : IDisposable
{
    private static readonly long s_spinWindow = Stopwatch.Frequency / 1000 * 3 / 2; // 1.5 ms
    private readonly PriorityQueue<TaskCompletionSource, long> _queue = new();
    private readonly Lock _gate = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly Thread _thread;
    private readonly bool _inlineContinuations;
    private long _earliest = long.MaxValue;
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

    /// <summary>Waiters currently queued.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Completes when the <see cref="Stopwatch"/> timestamp <paramref name="dueTimestamp"/> is reached.</summary>
    public Task WaitUntilAsync(long dueTimestamp)
    {
        if (dueTimestamp <= Stopwatch.GetTimestamp())
        {
            return Task.CompletedTask;
        }

        var tcs = new TaskCompletionSource(_inlineContinuations ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);
        bool wake;
        lock (_gate)
        {
            if (_stopping)
            {
                return Task.CompletedTask;
            }

            _queue.Enqueue(tcs, dueTimestamp);
            wake = dueTimestamp < _earliest;
            if (wake)
            {
                _earliest = dueTimestamp;
            }
        }

        if (wake)
        {
            _wake.Set();
        }

        return tcs.Task;
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
        var due = new List<TaskCompletionSource>(256);
        while (!_stopping)
        {
            long next;
            lock (_gate)
            {
                next = _queue.TryPeek(out _, out var p) ? p : long.MaxValue;
                _earliest = next;
            }

            if (next == long.MaxValue)
            {
                _wake.WaitOne(100);
                continue;
            }

            var now = Stopwatch.GetTimestamp();
            var remaining = next - now;
            if (remaining > s_spinWindow)
            {
                var sleepMs = (int)((remaining - s_spinWindow) * 1000 / Stopwatch.Frequency);
                if (sleepMs > 0)
                {
                    _wake.WaitOne(sleepMs);
                    continue;
                }
            }

            if (remaining > 0)
            {
                Thread.Yield();
                continue;
            }

            lock (_gate)
            {
                while (_queue.TryPeek(out var tcs, out var at) && at <= now)
                {
                    _queue.Dequeue();
                    due.Add(tcs);
                }
            }

            foreach (var tcs in due)
            {
                tcs.TrySetResult();
            }

            due.Clear();
        }

        lock (_gate)
        {
            while (_queue.TryDequeue(out var tcs, out _))
            {
                tcs.TrySetResult();
            }
        }
    }
}
