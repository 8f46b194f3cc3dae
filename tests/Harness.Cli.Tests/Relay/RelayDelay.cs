using System.Diagnostics;

namespace Harness.Cli.Tests.Relay;

/// <summary>
/// Waits until a <see cref="Stopwatch"/> timestamp: a timer for all but the last 1.5 ms, then
/// yielding, so an injected delay is what the test says it is (a timer alone overshoots by up to
/// a millisecond, which a ±2 ms assertion cannot absorb on top of the relay's own cost).
/// </summary>
public static class RelayDelay
{
    private static readonly TimeSpan s_spin = TimeSpan.FromMilliseconds(1.5);

    /// <summary>Returns at or just after <paramref name="due"/>.</summary>
    public static async Task UntilAsync(long due, CancellationToken cancellationToken = default)
    {
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
        if (remaining > s_spin)
        {
            await Task.Delay(remaining - s_spin, cancellationToken);
        }

        while (Stopwatch.GetTimestamp() < due)
        {
            Thread.Yield();
        }
    }

    /// <summary>The timestamp <paramref name="delay"/> after <paramref name="from"/>.</summary>
    public static long After(long from, TimeSpan delay) => from + (long)(delay.TotalSeconds * Stopwatch.Frequency);
}
