using System.Diagnostics;

namespace Harness.Core;

/// <summary>
/// Waits on the calling thread until a <see cref="Stopwatch"/> timestamp: coarse sleeps until just
/// before it, then yields until it passes, so the wait never ends early and a late wake-up shows
/// as lateness. Compared in raw ticks: through a <see cref="TimeSpan"/> a remainder under 100 ns
/// reads as zero.
/// </summary>
public static class ClockSleep
{
    /// <summary>The longest single sleep, so cancellation is seen quickly.</summary>
    public const int MaxSleepMs = 50;

    /// <summary>Closer than this to the target the thread yields instead of sleeping (a sleep may overshoot by about a millisecond, more under load).</summary>
    public const double SpinWindowMs = 2;

    /// <summary>A sleep stops this far before the target; the rest is yielded.</summary>
    public const double SleepMarginMs = 1.5;

    private static readonly long s_ticksPerMs = Stopwatch.Frequency / 1000;
    private static readonly long s_spinWindowTicks = (long)(SpinWindowMs * s_ticksPerMs);
    private static readonly long s_sleepMarginTicks = (long)(SleepMarginMs * s_ticksPerMs);

    /// <summary>Returns true once the clock has reached <paramref name="timestamp"/>; false as soon as <paramref name="cancellationToken"/> is cancelled.</summary>
    public static bool Until(long timestamp, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            long remaining = timestamp - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return true;
            }

            if (remaining > s_spinWindowTicks)
            {
                Thread.Sleep((int)Math.Min(MaxSleepMs, (remaining - s_sleepMarginTicks) / s_ticksPerMs));
            }
            else
            {
                Thread.Yield();
            }
        }
    }
}
