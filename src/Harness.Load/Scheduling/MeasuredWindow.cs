using Harness.Clients;

namespace Harness.Load.Scheduling;

/// <summary>
/// A series' measured window, [<see cref="Start"/>, <see cref="End"/>) in <see cref="System.Diagnostics.Stopwatch"/>
/// ticks, and the share of one request's tokens and success that falls inside it. Throughput is
/// these shares over the window's length: a request started in the window but still streaming
/// after it (the drain) counts only for what it received in the window, a warm-up request running
/// into the window counts for its part in it, so a short run counts what its window held.
/// </summary>
internal readonly record struct MeasuredWindow(long Start, long End)
{
    /// <summary>Whether <paramref name="timestamp"/> is in the window (its end excluded, so back-to-back windows never count a moment twice).</summary>
    public bool Contains(long timestamp) => timestamp >= Start && timestamp < End;

    /// <summary>
    /// The request's tokens (<see cref="RequestTimeline.TokenCount"/>) times the share of its content
    /// arrivals in the window; a request with tokens but no content arrivals (reasoning only)
    /// counts them all at its end.
    /// </summary>
    public double TokenShare(RequestTimeline t, long end)
    {
        ArgumentNullException.ThrowIfNull(t);
        long tokens = t.TokenCount;
        if (tokens == 0)
        {
            return 0;
        }

        var arrivals = t.ContentArrivals;
        if (arrivals.Length == 0)
        {
            return Contains(end) ? tokens : 0;
        }

        int inside = 0;
        foreach (long at in arrivals)
        {
            inside += Contains(at) ? 1 : 0;
        }

        return inside == arrivals.Length ? tokens : tokens * (double)inside / arrivals.Length;
    }

    /// <summary>
    /// An ok request's share of the window: the part of [actual start, end] inside it over its
    /// whole length (1 for a request wholly inside, 0 for a failure). Why time shares rather than
    /// counting ends: by Little's law they sum in steady state to completions per second × the
    /// window, as ends would, but a window shorter than one request does not read as none.
    /// </summary>
    public double SuccessShare(RequestTimeline t, long end)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.Outcome != RequestOutcome.Ok)
        {
            return 0;
        }

        long start = t.ActualStart != 0 ? t.ActualStart : end;
        if (end <= start)
        {
            return Contains(end) ? 1 : 0;
        }

        long overlap = Math.Min(end, End) - Math.Max(start, Start);
        return overlap <= 0 ? 0 : overlap >= end - start ? 1 : overlap / (double)(end - start);
    }
}
