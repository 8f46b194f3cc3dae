using System.Diagnostics;
using Harness.Core;

namespace Harness.Load.Scheduling;

/// <summary>
/// Catches the machine standing still: a thread of this process at real-time priority (SCHED_FIFO,
/// above every ordinary thread of every process) sleeps <see cref="PeriodMs"/> at a time and logs
/// each wake-up more than <see cref="MinimumMs"/> late as a pause. Only the kernel and the host
/// under a virtual machine can hold such a thread back, so such a stretch is one in which the
/// harness could not run at all: invisible to the runtime's events and, being short, to the lag
/// probes' p99, yet in every latency measured across it. A wake-up held back by the runtime's own
/// suspension (the thread returning from its sleep into a collection) is logged too; the pause log
/// counts it as the runtime's (<see cref="RuntimePauseLog.Settled"/>). At ordinary priority its
/// lateness would be this process's own load, which the lag probes measure: without real-time
/// priority (no root or CAP_SYS_NICE, one CPU, not Linux) it does not run, and the machine's pauses
/// are unknown rather than absent.
/// </summary>
internal sealed class MachinePauseProbe : IDisposable
{
    /// <summary>How long the probe sleeps between wake-ups, in milliseconds.</summary>
    public const double PeriodMs = 1;

    /// <summary>
    /// How late a wake-up must be to count as the machine's pause, in milliseconds: well above the
    /// tenth of a millisecond an idle machine's timer takes, below the 5 ms at which a run counts as
    /// saturated or a stall is called.
    /// </summary>
    public const double MinimumMs = 2;

    // Above the fakes' scheduler threads (10), in this process or another: several of those busy at
    // once could hold a probe below them back on two cores and pass their delay off as the
    // machine's. Each wake-up takes a few microseconds from whatever it preempts.
    private const int Priority = 20;

    private static readonly Lazy<MachinePauseProbe> s_instance = new(
        () => new MachinePauseProbe(() => PreciseSleep.RaiseThreadPriority(Priority), SleepTicks), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly PauseRing _pauses = new();
    private readonly Action<long> _sleepTicks;
    private readonly long _periodTicks = (long)(PeriodMs * Stopwatch.Frequency / 1000);
    private readonly long _minimumTicks = (long)(MinimumMs * Stopwatch.Frequency / 1000);
    private volatile bool _stopped;

    /// <summary>Starts probing on a thread of its own, once <paramref name="raisePriority"/> (run on it) returns real-time priority.</summary>
    internal MachinePauseProbe(Func<string> raisePriority, Action<long> sleepTicks)
    {
        _sleepTicks = sleepTicks;
        using var started = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            ThreadPriority = raisePriority();
            Running = ThreadPriority.StartsWith(PreciseSleep.RealTime, StringComparison.Ordinal);
            started.Set();
            if (Running)
            {
                Probe();
            }
        })
        { IsBackground = true, Name = "machine-pause-probe" };
        thread.Start();
        started.Wait();
    }

    /// <summary>The process's probe, probing from its first use on.</summary>
    public static MachinePauseProbe Instance => s_instance.Value;

    /// <summary>Whether the probe runs (its thread got real-time priority): when not, the machine's pauses are unknown.</summary>
    public bool Running { get; private set; }

    /// <summary>What priority the probe's thread got ("SCHED_FIFO 20", "nice -10", "default").</summary>
    public string ThreadPriority { get; private set; } = "default";

    /// <summary>The machine's pauses that overlap [<paramref name="from"/>, <paramref name="to"/>), oldest first.</summary>
    public List<HarnessPause> Between(long from, long to) => _pauses.Between(from, to);

    /// <summary>Stops the probe's thread (the process's own probe runs for as long as the process).</summary>
    public void Dispose() => _stopped = true;

    /// <summary>Logs the stretch from <paramref name="due"/> to <paramref name="woke"/> when the wake-up was more than <see cref="MinimumMs"/> late.</summary>
    internal void Observe(long due, long woke)
    {
        if (woke - due > _minimumTicks)
        {
            _pauses.Add(new HarnessPause(due, woke, HarnessPause.Machine));
        }
    }

    private void Probe()
    {
        PreciseSleep.TightenTimerSlack();
        while (!_stopped)
        {
            long due = Stopwatch.GetTimestamp() + _periodTicks;
            _sleepTicks(_periodTicks);
            Observe(due, Stopwatch.GetTimestamp());
        }
    }

    private static void SleepTicks(long ticks) => PreciseSleep.Sleep(ticks * 1_000_000_000 / Stopwatch.Frequency);
}
