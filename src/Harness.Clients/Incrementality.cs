using System.Diagnostics;
using System.Globalization;

namespace Harness.Clients;

/// <summary>
/// Whether a stream's content was delivered as it was generated, or held back and sent at once
/// (a buffering server or proxy): the one judgement <c>conformance</c>'s <c>sse.incremental</c>
/// and <c>stream</c>'s warning share. Incremental when the first content arrives at least half
/// the stream's duration before the last, the duration taken from the request start (a buffering
/// relay may hold back the headers too, so they are no origin). Too short streams are not judged.
/// </summary>
/// <remarks>
/// Limitation: an endpoint whose time to first token exceeds its whole generation time is judged
/// not incremental; <see cref="Evidence"/> gives the figures so a reader can tell.
/// </remarks>
public sealed record Incrementality
{
    /// <summary>Content events a stream needs before it can be judged.</summary>
    public const int MinContentEvents = 5;

    /// <summary>Shortest request-to-last-content time that can be judged.</summary>
    public static readonly TimeSpan MinDuration = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// What a stream judged not incremental means for its figures, as warnings say it: with the
    /// tokens released together, the first comes when the last does, and the gaps between them
    /// time the relay's writes, not generation.
    /// </summary>
    public const string NotIncrementalMeaning =
        "a server or proxy buffered the answer (or its first token took longer than the whole generation): TTFT ≈ end-to-end, and the inter-token gaps and TPOT say nothing of generation speed";

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
        events >= MinContentEvents && last >= MinDuration ? last - first >= last / 2 : null;

    /// <summary>
    /// The figures behind the verdict, on one line (what <c>sse.incremental</c> prints);
    /// <paramref name="headers"/>, when known, shows whether the headers were held back too.
    /// </summary>
    public string Evidence(TimeSpan? headers = null) => CanJudge
        ? Inv($"{ContentEvents} content events; first at {Ms(FirstContent)}, last at {Ms(LastContent)}{(headers is { } h ? $" (headers {Ms(h)})" : "")}: spread {Ms(Spread)} {(Incremental == true ? ">=" : "<")} half of {Ms(LastContent)}")
        : Inv($"too short to judge: {ContentEvents} content events, last at {Ms(LastContent)} (needs >= {MinContentEvents} and >= {Ms(MinDuration)})");

    private static string Ms(TimeSpan t) => Inv($"{t.TotalMilliseconds:0} ms");

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
