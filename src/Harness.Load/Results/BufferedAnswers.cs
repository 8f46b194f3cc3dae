using System.Globalization;
using Harness.Clients;

namespace Harness.Load.Results;

/// <summary>
/// Series whose answers mostly arrived at once instead of streaming (<see cref="SeriesResult.BufferedStreams"/>),
/// said in one place for stderr and the report's top: their TTFT is the whole answer's time and
/// their inter-token gaps time a relay's writes, so a reader must not take them as generation speed.
/// </summary>
public static class BufferedAnswers
{
    /// <summary>
    /// Whether a finished request's answer was streamed: true, false when it came all at once, null
    /// when it failed (a fast error is no answer) or was too short to judge (<see cref="Incrementality"/>).
    /// What the load runs and overhead's sides count.
    /// </summary>
    public static bool? Judge(RequestTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return timeline.Outcome == RequestOutcome.Ok ? Incrementality.IsIncremental(timeline) : null;
    }

    /// <summary>
    /// True when more than half of the series' judged answers came all at once. Half or fewer is not
    /// enough: a stall before the first token (the embedded fake's, say) makes the odd answer look buffered.
    /// </summary>
    public static bool Mostly(SeriesResult series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return Mostly(series.BufferedStreams, series.JudgedStreams);
    }

    /// <summary>
    /// The same rule on counts (an overhead run's side counts its answers without a series):
    /// <paramref name="buffered"/> of <paramref name="judged"/> answers came all at once, more than half.
    /// None judged is not mostly.
    /// </summary>
    public static bool Mostly(long buffered, long judged) => buffered * 2 > judged;

    /// <summary>
    /// "sse c10: 60 of 60 answers, ws c10: 58 of 60 answers came all at once: …" for the series
    /// where most did (<see cref="Mostly(SeriesResult)"/>); null when none.
    /// </summary>
    public static string? Of(IReadOnlyList<SeriesResult> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var mostly = series.Where(Mostly).ToList();
        if (mostly.Count == 0)
        {
            return null;
        }

        string which = string.Join(", ", mostly.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Transport} {s.LoadPoint}: {s.BufferedStreams} of {s.JudgedStreams} answers")));
        return $"{which} came all at once, not streamed: {Incrementality.NotIncrementalMeaning}";
    }
}
