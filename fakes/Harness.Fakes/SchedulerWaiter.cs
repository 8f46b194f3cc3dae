using System.Threading.Tasks.Sources;

namespace Harness.Fakes;

/// <summary>
/// One stream's reusable wait on a <see cref="StreamScheduler"/>: each wait re-arms the same
/// object, so a stream of thousands of tokens allocates nothing per token (a
/// <c>TaskCompletionSource</c> per wait was ~100 B per event, and at 25,000 events/s that garbage
/// turns into GC pauses that hold every stream back). Awaited by one stream at a time.
/// </summary>
public sealed class SchedulerWaiter : IValueTaskSource
{
    private readonly StreamScheduler _scheduler;
    private ManualResetValueTaskSourceCore<bool> _core;

    internal SchedulerWaiter(StreamScheduler scheduler, bool runContinuationsAsynchronously)
    {
        _scheduler = scheduler;
        _core.RunContinuationsAsynchronously = runContinuationsAsynchronously;
    }

    /// <summary>Completes when the <see cref="System.Diagnostics.Stopwatch"/> timestamp <paramref name="dueTimestamp"/> is reached.</summary>
    /// <remarks>The returned task must be awaited (once) before this method is called again.</remarks>
    public ValueTask WaitUntilAsync(long dueTimestamp)
    {
        if (dueTimestamp <= System.Diagnostics.Stopwatch.GetTimestamp())
        {
            return ValueTask.CompletedTask;
        }

        _core.Reset();
        var task = new ValueTask(this, _core.Version);
        if (!_scheduler.Enqueue(this, dueTimestamp))
        {
            return ValueTask.CompletedTask; // stopping: nobody will release it
        }

        return task;
    }

    /// <summary>Called by the scheduler thread when the due time is reached (or the scheduler stops).</summary>
    internal void Release() => _core.SetResult(true);

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
