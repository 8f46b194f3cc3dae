using System.Diagnostics;

namespace Harness.Core;

/// <summary>Spans in <see cref="Stopwatch"/> ticks, the unit of every timestamp the harness takes.</summary>
public static class StopwatchTicks
{
    /// <summary><paramref name="span"/> in Stopwatch ticks (truncated).</summary>
    public static long From(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
