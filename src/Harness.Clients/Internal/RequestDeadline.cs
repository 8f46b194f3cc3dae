using System.Diagnostics;
using Harness.Core;

namespace Harness.Clients.Internal;

/// <summary>
/// One timer per attempt enforcing the per-phase timeouts. Moving from phase to phase re-arms it;
/// recording activity is a single field write (the timer re-arms itself from the last activity when
/// it wakes early), so the per-token cost is nothing.
/// </summary>
/// <remarks>
/// Every phase has a bounded wait: a phase whose own limit is off (0) is bounded by the idle limit,
/// counted from the last activity, so with <c>--first-token-timeout 0 --total-timeout 0</c> a server
/// that never sends headers still ends as <c>timeout(idle)</c> after <c>--idle-timeout</c>. Only
/// when every limit is off is a wait unbounded, as asked.
/// </remarks>
internal sealed class RequestDeadline : IDisposable
{
    private static readonly TimerCallback s_onTimer = state => ((RequestDeadline)state!).OnTimer();
    private readonly CancellationTokenSource _cts;
    private readonly Timer _timer;
    private readonly long _total;
    private readonly long _idleTicks;
    private long _phaseDeadline = long.MaxValue;
    private long _lastActivity;
    private int _phase;
    private int _fired;

    /// <summary>Arms the limits for an attempt starting at <paramref name="start"/>; the total limit counts from <paramref name="totalStart"/> (the first attempt's start, 0 for this one), so retries and their waits count against it.</summary>
    public RequestDeadline(ClientTimeouts timeouts, long start, long totalStart, CancellationToken caller)
    {
        Timeouts = timeouts;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(caller);
        _total = After(totalStart != 0 ? totalStart : start, timeouts.Total);
        _idleTicks = Ticks(timeouts.Idle);
        _timer = new Timer(s_onTimer, this, Timeout.Infinite, Timeout.Infinite);
        Arm(start);
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>The limits armed (to name the one that fired).</summary>
    public ClientTimeouts Timeouts { get; }

    /// <summary>The phase whose limit fired, or None.</summary>
    public TimeoutPhase Fired => (TimeoutPhase)Volatile.Read(ref _fired);

    public TimeoutPhase Phase => (TimeoutPhase)Volatile.Read(ref _phase);

    /// <summary>Starts <paramref name="phase"/> at <paramref name="now"/> with its limit (Idle counts from the last activity).</summary>
    public void Enter(TimeoutPhase phase, TimeSpan limit, long now)
    {
        Volatile.Write(ref _lastActivity, now);
        Volatile.Write(ref _phaseDeadline, phase == TimeoutPhase.Idle ? long.MaxValue : After(now, limit));
        Volatile.Write(ref _phase, (int)phase);
        Arm(now);
    }

    /// <summary>Starts the idle phase at <paramref name="now"/>: its limit (given at construction) counts from the last activity.</summary>
    public void EnterIdle(long now) => Enter(TimeoutPhase.Idle, Timeout.InfiniteTimeSpan, now);

    public void Touch(long now) => Volatile.Write(ref _lastActivity, now);

    public void Dispose()
    {
        _timer.Dispose();
        _cts.Dispose();
    }

    private static long Ticks(TimeSpan limit) =>
        limit <= TimeSpan.Zero || limit == Timeout.InfiniteTimeSpan ? long.MaxValue : StopwatchTicks.From(limit);

    private static long After(long start, TimeSpan limit)
    {
        var ticks = Ticks(limit);
        return ticks == long.MaxValue ? long.MaxValue : start + ticks;
    }

    private long Due() => DueWithPhase().Due;

    /// <summary>When the earliest limit falls due, and the phase it is named after.</summary>
    private (long Due, TimeoutPhase Phase) DueWithPhase()
    {
        var phase = (TimeoutPhase)Volatile.Read(ref _phase);
        var idle = _idleTicks == long.MaxValue ? long.MaxValue : Volatile.Read(ref _lastActivity) + _idleTicks;
        var own = phase switch
        {
            TimeoutPhase.None => long.MaxValue,
            TimeoutPhase.Idle => idle,
            _ => Volatile.Read(ref _phaseDeadline),
        };
        if (own == long.MaxValue && phase is not (TimeoutPhase.None or TimeoutPhase.Idle) && idle < _total)
        {
            // The phase's own limit is off: nothing may stay silent longer than the idle limit.
            return (idle, TimeoutPhase.Idle);
        }

        return own < _total ? (own, phase) : (_total, TimeoutPhase.Total);
    }

    private void Arm(long now)
    {
        var due = Due();
        if (due == long.MaxValue)
        {
            _timer.Change(Timeout.Infinite, Timeout.Infinite);
            return;
        }

        var ms = Math.Max(1, (long)Math.Ceiling((due - now) * 1000.0 / Stopwatch.Frequency));
        try
        {
            _timer.Change(Math.Min(ms, uint.MaxValue - 2), Timeout.Infinite);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void OnTimer()
    {
        if (Volatile.Read(ref _fired) != 0)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        var (due, phase) = DueWithPhase();
        if (now >= _total)
        {
            Fire(TimeoutPhase.Total);
        }
        else if (now >= due)
        {
            Fire(phase);
        }
        else
        {
            Arm(now);
        }
    }

    private void Fire(TimeoutPhase phase)
    {
        if (Interlocked.CompareExchange(ref _fired, (int)phase, 0) == 0)
        {
            try
            {
                _cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
