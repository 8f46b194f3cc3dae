using System.Diagnostics;
using System.Globalization;

namespace Harness.Clients;

/// <summary>
/// Whether a stream's content was delivered as it was generated, or held back and sent at once
/// (a buffering server or proxy): the one judgement <c>conformance</c>'s <c>sse.incremental</c>,
/// <c>stream</c>'s warning, the load runs and <c>overhead</c> share. Held back when both: the first
/// content arrives less than half the stream's duration before the last (the duration taken from
/// the request start: a buffering relay may hold back the headers too, so they are no origin), and
/// the content events came less than <see cref="AtOnceGap"/> apart on average, faster than
/// generation delivers them. The second keeps a short answer after a long first token (a real
/// model's 9 tokens over 100 ms after 500 ms) streamed, which the first alone called held back.
/// Too short streams are not judged.
/// </summary>
/// <remarks>
/// Limitation: an endpoint delivering over 1,000 tokens a second after a first token longer than
/// that whole generation is judged held back; <see cref="Evidence"/> gives the figures so a reader can tell.
/// </remarks>
public sealed record Incrementality
{
    /// <summary>Content events a stream needs before it can be judged.</summary>
    public const int MinContentEvents = 5;

    /// <summary>Shortest request-to-last-content time that can be judged.</summary>
    public static readonly TimeSpan MinDuration = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Content events closer than this on average came all at once: 1,000 tokens a second, faster
    /// than a model generates, while an answer a relay wrote whole arrives within a few reads
    /// (microseconds apart on a LAN; a 500-event answer over a WAN's slow start, about 0.4 ms).
    /// </summary>
    public static readonly TimeSpan AtOnceGap = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// What a stream judged not incremental means for its figures, as warnings say it: with the
    /// tokens released together, the first comes when the last does, and the gaps between them
    /// time the relay's writes, not generation.
    /// </summary>
    public const string NotIncrementalMeaning =
        "a server or proxy buffered the answer: TTFT ≈ end-to-end, and the inter-token gaps and TPOT say nothing of generation speed";

    private Incrementality(int contentEvents, TimeSpan firstContent, TimeSpan lastContent)
    {
        ContentEvents = contentEvents;
        FirstContent = firstContent;
        LastContent = lastContent;
    }

    /// <summary>Non-empty content events (deltas) the stream carried.</summary>
    public int ContentEvents { get; }

    /// <summary>Request start to the first content (or streamed reasoning token, from a timeline).</summary>
    public TimeSpan FirstContent { get; }

    /// <summary>Request start to the last content: the stream's duration as judged.</summary>
    public TimeSpan LastContent { get; }

    /// <summary>First to last content.</summary>
    public TimeSpan Spread => LastContent - FirstContent;

    /// <summary>Whether the stream is long enough to judge (<see cref="MinContentEvents"/>, <see cref="MinDuration"/>).</summary>
    public bool CanJudge => ContentEvents >= MinContentEvents && LastContent >= MinDuration;

    /// <summary>True when streamed incrementally, false when it arrived (nearly) at once, null when too short to judge.</summary>
    public bool? Incremental => Judge(ContentEvents, FirstContent, LastContent);

    /// <summary>Judges content arrivals given as times since the request start (none: 0 events).</summary>
    public static Incrementality Of(int contentEvents, TimeSpan firstContent, TimeSpan lastContent) =>
        contentEvents == 0 ? new(0, TimeSpan.Zero, TimeSpan.Zero) : new(contentEvents, firstContent, lastContent);

    /// <summary>
    /// Judges a timeline's content arrivals, from its <see cref="RequestTimeline.LatencyOrigin"/>. A
    /// streamed reasoning token starts the spread: a reasoning model that thought aloud for seconds
    /// before a short answer did stream, though its content alone came late and close together.
    /// </summary>
    public static Incrementality Of(RequestTimeline timeline)
    {
        var (events, first, last) = Arrivals(timeline);
        return Of(events, first, last);
    }

    /// <summary>
    /// <see cref="Incremental"/> of a timeline without keeping the figures (a load run judges every
    /// request it measures): true, false, or null when too short to judge.
    /// </summary>
    public static bool? IsIncremental(RequestTimeline timeline)
    {
        var (events, first, last) = Arrivals(timeline);
        return Judge(events, first, last);
    }

    private static (int Events, TimeSpan First, TimeSpan Last) Arrivals(RequestTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var arrivals = timeline.ContentArrivals;
        if (arrivals.Length == 0)
        {
            return (0, TimeSpan.Zero, TimeSpan.Zero);
        }

        long first = timeline.FirstReasoningToken is > 0 and var reasoning && reasoning < arrivals[0] ? reasoning : arrivals[0];
        return (arrivals.Length, Stopwatch.GetElapsedTime(timeline.LatencyOrigin, first), Stopwatch.GetElapsedTime(timeline.LatencyOrigin, arrivals[^1]));
    }

    private static bool? Judge(int events, TimeSpan first, TimeSpan last) =>
        events >= MinContentEvents && last >= MinDuration ? SpreadOverHalf(first, last) || !GapsAtOnce(events, first, last) : null;

    private static bool SpreadOverHalf(TimeSpan first, TimeSpan last) => last - first >= last / 2;

    private static bool GapsAtOnce(int events, TimeSpan first, TimeSpan last) => (last - first) / (events - 1) < AtOnceGap;

    /// <summary>
    /// The figures behind the verdict, on one line (what <c>sse.incremental</c> prints);
    /// <paramref name="headers"/>, when known, shows whether the headers were held back too.
    /// </summary>
    public string Evidence(TimeSpan? headers = null)
    {
        if (!CanJudge)
        {
            return Inv($"too short to judge: {ContentEvents} content events, last at {Ms(LastContent)} (needs >= {MinContentEvents} and >= {Ms(MinDuration)})");
        }

        string figures = Inv($"{ContentEvents} content events; first at {Ms(FirstContent)}, last at {Ms(LastContent)}{(headers is { } h ? $" (headers {Ms(h)})" : "")}: spread {Ms(Spread)}");
        if (SpreadOverHalf(FirstContent, LastContent))
        {
            return Inv($"{figures} >= half of {Ms(LastContent)}");
        }

        double gapMs = (Spread / (ContentEvents - 1)).TotalMilliseconds;
        return GapsAtOnce(ContentEvents, FirstContent, LastContent)
            ? Inv($"{figures} < half of {Ms(LastContent)}, {gapMs:0.00} ms apart on average < {Ms(AtOnceGap)}")
            : Inv($"{figures} < half of {Ms(LastContent)}, but {gapMs:0.0} ms apart on average >= {Ms(AtOnceGap)}, as generated");
    }

    private static string Ms(TimeSpan t) => Inv($"{t.TotalMilliseconds:0} ms");

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
