namespace Harness.Load.Results;

/// <summary>
/// The harness process's own pauses in a series' measured window: each time the runtime stopped all
/// its threads (mostly blocking garbage collections), and each time the machine itself stood still
/// (its real-time probe thread woke late; see <see cref="MachineCount"/>). A pause delays whatever falls due in it at
/// once, the client's sends and reads and the embedded fake's writes alike, so it can reach many
/// requests' latencies together while the lag probes' p99 does not show it. A request counts as
/// <see cref="TtftDelayed"/> when a pause overlapped its way to the server (origin to response
/// headers, or to the written request, plus <see cref="DelayWindowMs"/>) or the last
/// <see cref="DelayWindowMs"/> before its first token was read; <see cref="TtftUndelayed"/>
/// summarises the others, so where that tail is well below the series' own, the harness's pauses
/// made the tail. Time to first byte (response headers) and to the first event of any kind are
/// judged alike, at their own moment, and TPOT at the end; new connections' connect and TLS times
/// by whether a pause overlapped them.
/// </summary>
public sealed record HarnessPauses
{
    /// <summary>
    /// How close to a request's delivery or first token a pause must fall to count: longer than the
    /// server takes to pick up a delivered request, and than the harness, not saturated, takes to
    /// work through what queued during a pause of tens of milliseconds.
    /// </summary>
    public const double DelayWindowMs = 5;

    /// <summary>Pauses that overlapped the measured window.</summary>
    public long Count { get; init; }

    /// <summary>Of those, the ones in which a garbage collection ran.</summary>
    public long Collections { get; init; }

    /// <summary>Paused time inside the window, ms.</summary>
    public double TotalMs { get; init; }

    /// <summary>The longest pause, ms.</summary>
    public double MaxMs { get; init; }

    /// <summary>
    /// Of <see cref="Count"/>, the stretches in which the machine stood still: the harness's own
    /// real-time thread woke more than 2 ms late with no runtime pause to explain it (the host or the
    /// kernel held every thread back). Null when unknown: that thread could not get real-time
    /// priority (no root or CAP_SYS_NICE, one CPU, not Linux), or results from before it.
    /// </summary>
    public long? MachineCount { get; init; }

    /// <summary>The longest of the machine's pauses, ms (0 when none; null when unknown, as <see cref="MachineCount"/>).</summary>
    public double? MachineMaxMs { get; init; }

    /// <summary>
    /// Each pause, sorted by start; null in results from before them (see <see cref="MostPausedWithin"/>).
    /// After an agents' merge the spans of every agent, each on its own clock, so two agents' pauses may
    /// be taken to fall in one gap: the bound they give only grows.
    /// </summary>
    public IReadOnlyList<PauseSpan>? Spans { get; init; }

    /// <summary>
    /// The most paused time that falls within any stretch of <paramref name="windowMs"/>, ms: the most
    /// a gap that long may have been widened by, when several pauses fell in it. Without
    /// <see cref="Spans"/>, all of <see cref="TotalMs"/> may have (up to the stretch itself).
    /// </summary>
    public double MostPausedWithin(double windowMs)
    {
        if (Spans is not { } spans)
        {
            return Math.Min(windowMs, TotalMs);
        }

        // The most is reached with the stretch starting where a pause starts or ending where one ends.
        double most = 0;
        foreach (var span in spans)
        {
            most = Math.Max(most, Math.Max(PausedIn(spans, span.AtMs, span.AtMs + windowMs), PausedIn(spans, span.EndMs - windowMs, span.EndMs)));
        }

        return most;
    }

    /// <summary>How many of the pauses were the machine's, to follow their count: " (1 the machine standing still)"; empty when none or unknown.</summary>
    public string MachineShare() => MachineCount is > 0 and long machine
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" ({machine} the machine standing still)")
        : string.Empty;

    /// <summary>Measured requests with a time to first token.</summary>
    public long TtftMeasured { get; init; }

    /// <summary>Of those, the ones a pause may have delayed (see the type's summary).</summary>
    public long TtftDelayed { get; init; }

    /// <summary>
    /// TTFT of the other measured requests, ms; null when none or every one was delayed. After an
    /// agents' merge each figure is the smallest agent's, a lower bound of the pooled one.
    /// </summary>
    public MetricSummary? TtftUndelayed { get; init; }

    /// <summary>
    /// The undelayed requests' TTFT histogram, in memory only (null once read back from a file): lets
    /// <see cref="Merge"/> add a series' rounds exactly.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal HdrHistogram.LongHistogram? TtftUndelayedHistogram { get; init; }

    /// <summary>Measured requests with an end-to-end time (successful ones); 0 in results from before it.</summary>
    public long E2eMeasured { get; init; }

    /// <summary>
    /// Of those, the ones a pause may have delayed: one overlapped the request's way to the server (as
    /// for <see cref="TtftDelayed"/>) or the last <see cref="DelayWindowMs"/> before its end. A pause in
    /// the middle of a stream holds back one token, not the end.
    /// </summary>
    public long E2eDelayed { get; init; }

    /// <summary>End-to-end time of the other measured requests, ms; null as <see cref="TtftUndelayed"/>.</summary>
    public MetricSummary? E2eUndelayed { get; init; }

    /// <summary>The undelayed requests' end-to-end histogram, in memory only, as <see cref="TtftUndelayedHistogram"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal HdrHistogram.LongHistogram? E2eUndelayedHistogram { get; init; }

    /// <summary>Successful measured requests with response headers (<see cref="MetricNames.Ttfb"/>); 0 in results from before it.</summary>
    public long TtfbMeasured { get; init; }

    /// <summary>Of those, the ones a pause may have delayed: on the way to the server or in the last <see cref="DelayWindowMs"/> before the headers were read.</summary>
    public long TtfbDelayed { get; init; }

    /// <summary>Time to first byte of the other measured requests, ms; null as <see cref="TtftUndelayed"/>.</summary>
    public MetricSummary? TtfbUndelayed { get; init; }

    /// <summary>The undelayed requests' TTFB histogram, in memory only, as <see cref="TtftUndelayedHistogram"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal HdrHistogram.LongHistogram? TtfbUndelayedHistogram { get; init; }

    /// <summary>Successful measured requests with a first event (<see cref="MetricNames.Ttfc"/>); 0 in results from before it.</summary>
    public long TtfcMeasured { get; init; }

    /// <summary>Of those, the ones a pause may have delayed: on the way to the server or in the last <see cref="DelayWindowMs"/> before the first event was read.</summary>
    public long TtfcDelayed { get; init; }

    /// <summary>Time to the first event of the other measured requests, ms; null as <see cref="TtftUndelayed"/>.</summary>
    public MetricSummary? TtfcUndelayed { get; init; }

    /// <summary>The undelayed requests' TTFC histogram, in memory only, as <see cref="TtftUndelayedHistogram"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal HdrHistogram.LongHistogram? TtfcUndelayedHistogram { get; init; }

    /// <summary>Successful measured requests with a TPOT (<see cref="MetricNames.Tpot"/>); 0 in results from before it.</summary>
    public long TpotMeasured { get; init; }

    /// <summary>
    /// Of those, the ones a pause may have lengthened: one in the last <see cref="DelayWindowMs"/>
    /// before the end. One on the way to the server moves the first token and the end alike.
    /// </summary>
    public long TpotDelayed { get; init; }

    /// <summary>TPOT of the other measured requests, ms; null as <see cref="TtftUndelayed"/>.</summary>
    public MetricSummary? TpotUndelayed { get; init; }

    /// <summary>The undelayed requests' TPOT histogram, in memory only, as <see cref="TtftUndelayedHistogram"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal HdrHistogram.LongHistogram? TpotUndelayedHistogram { get; init; }

    /// <summary>New connections timed in the measured window (<see cref="MetricNames.Connect"/>); 0 in results from before it.</summary>
    public long ConnectMeasured { get; init; }

    /// <summary>Of those, the ones a pause overlapped, from the connect's start to its end (the client's own wait throughout).</summary>
    public long ConnectDelayed { get; init; }

    /// <summary>Connect time of the other new connections, ms; null as <see cref="TtftUndelayed"/>.</summary>
    public MetricSummary? ConnectUndelayed { get; init; }

    /// <summary>The undelayed connections' connect histogram, in memory only, as <see cref="TtftUndelayedHistogram"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal HdrHistogram.LongHistogram? ConnectUndelayedHistogram { get; init; }

    /// <summary>TLS handshakes timed in the measured window (<see cref="MetricNames.Tls"/>); 0 in results from before it.</summary>
    public long TlsMeasured { get; init; }

    /// <summary>Of those, the ones a pause overlapped.</summary>
    public long TlsDelayed { get; init; }

    /// <summary>TLS handshake time of the others, ms; null as <see cref="TtftUndelayed"/>.</summary>
    public MetricSummary? TlsUndelayed { get; init; }

    /// <summary>The undelayed handshakes' histogram, in memory only, as <see cref="TtftUndelayedHistogram"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal HdrHistogram.LongHistogram? TlsUndelayedHistogram { get; init; }

    /// <summary>Whether <paramref name="metric"/> is judged request by request (TTFB, TTFC, TTFT, TPOT, e2e), so that <see cref="UndelayedAt"/> can answer for it.</summary>
    public static bool JudgesRequests(string metric) => metric is MetricNames.Ttft or MetricNames.EndToEnd or MetricNames.Ttfb or MetricNames.Ttfc or MetricNames.Tpot;

    /// <summary>Whether <paramref name="metric"/> is judged connection by connection (connect, TLS), so that <see cref="UndelayedAt"/> can answer for it.</summary>
    public static bool JudgesConnections(string metric) => metric is MetricNames.Connect or MetricNames.Tls;

    /// <summary>The undelayed requests' (connections') <paramref name="metric"/> (TTFB, TTFC, TTFT, TPOT, e2e, connect or TLS) at one of the kept percentiles; null without them, or for another metric or percentile.</summary>
    public double? UndelayedAt(string metric, double percentile) => Judged(metric)?.Undelayed?.At(percentile);

    /// <summary>Requests (connections) a pause may have delayed in <paramref name="metric"/> (TTFB, TTFC, TTFT, TPOT, e2e, connect or TLS); 0 for another.</summary>
    public long DelayedIn(string metric) => Judged(metric)?.Delayed ?? 0;

    /// <summary>Requests (connections) judged in <paramref name="metric"/> (TTFB, TTFC, TTFT, TPOT, e2e, connect or TLS); 0 for another.</summary>
    public long MeasuredIn(string metric) => Judged(metric)?.Measured ?? 0;

    // The one map from a judged metric to its fields; null for another metric.
    private (long Measured, long Delayed, MetricSummary? Undelayed)? Judged(string metric) => metric switch
    {
        MetricNames.Ttft => (TtftMeasured, TtftDelayed, TtftUndelayed),
        MetricNames.EndToEnd => (E2eMeasured, E2eDelayed, E2eUndelayed),
        MetricNames.Ttfb => (TtfbMeasured, TtfbDelayed, TtfbUndelayed),
        MetricNames.Ttfc => (TtfcMeasured, TtfcDelayed, TtfcUndelayed),
        MetricNames.Tpot => (TpotMeasured, TpotDelayed, TpotUndelayed),
        MetricNames.Connect => (ConnectMeasured, ConnectDelayed, ConnectUndelayed),
        MetricNames.Tls => (TlsMeasured, TlsDelayed, TlsUndelayed),
        _ => null,
    };

    /// <summary>
    /// Several parts' pauses as one (agents' results, or a series' rounds): counts and paused time
    /// added, the longest kept; the undelayed TTFT recomputed when every part still holds its
    /// histogram (rounds in this process), else left out. Null when any part has none.
    /// </summary>
    public static HarnessPauses? Merge(IEnumerable<HarnessPauses?> parts)
    {
        var list = parts.ToList();
        if (list.Count == 0 || list.Any(p => p is null))
        {
            return null;
        }

        return new HarnessPauses
        {
            Count = list.Sum(p => p!.Count),
            Collections = list.Sum(p => p!.Collections),
            TotalMs = list.Sum(p => p!.TotalMs),
            MaxMs = list.Max(p => p!.MaxMs),
            Spans = list.Any(p => p!.Spans is null) ? null : [.. list.SelectMany(p => p!.Spans!).OrderBy(p => p.AtMs)],
            MachineCount = list.Any(p => p!.MachineCount is null) ? null : list.Sum(p => p!.MachineCount),
            MachineMaxMs = list.Any(p => p!.MachineMaxMs is null) ? null : list.Max(p => p!.MachineMaxMs),
            TtftMeasured = list.Sum(p => p!.TtftMeasured),
            TtftDelayed = list.Sum(p => p!.TtftDelayed),
            // Summaries do not add up; histograms do.
            TtftUndelayed = UndelayedOf(list.Select(p => (p!.TtftMeasured, p.TtftDelayed, p.TtftUndelayedHistogram)), MetricNames.Ttft),
            E2eMeasured = list.Sum(p => p!.E2eMeasured),
            E2eDelayed = list.Sum(p => p!.E2eDelayed),
            E2eUndelayed = UndelayedOf(list.Select(p => (p!.E2eMeasured, p.E2eDelayed, p.E2eUndelayedHistogram)), MetricNames.EndToEnd),
            TtfbMeasured = list.Sum(p => p!.TtfbMeasured),
            TtfbDelayed = list.Sum(p => p!.TtfbDelayed),
            TtfbUndelayed = UndelayedOf(list.Select(p => (p!.TtfbMeasured, p.TtfbDelayed, p.TtfbUndelayedHistogram)), MetricNames.Ttfb),
            TtfcMeasured = list.Sum(p => p!.TtfcMeasured),
            TtfcDelayed = list.Sum(p => p!.TtfcDelayed),
            TtfcUndelayed = UndelayedOf(list.Select(p => (p!.TtfcMeasured, p.TtfcDelayed, p.TtfcUndelayedHistogram)), MetricNames.Ttfc),
            TpotMeasured = list.Sum(p => p!.TpotMeasured),
            TpotDelayed = list.Sum(p => p!.TpotDelayed),
            TpotUndelayed = UndelayedOf(list.Select(p => (p!.TpotMeasured, p.TpotDelayed, p.TpotUndelayedHistogram)), MetricNames.Tpot),
            ConnectMeasured = list.Sum(p => p!.ConnectMeasured),
            ConnectDelayed = list.Sum(p => p!.ConnectDelayed),
            ConnectUndelayed = UndelayedOf(list.Select(p => (p!.ConnectMeasured, p.ConnectDelayed, p.ConnectUndelayedHistogram)), MetricNames.Connect),
            TlsMeasured = list.Sum(p => p!.TlsMeasured),
            TlsDelayed = list.Sum(p => p!.TlsDelayed),
            TlsUndelayed = UndelayedOf(list.Select(p => (p!.TlsMeasured, p.TlsDelayed, p.TlsUndelayedHistogram)), MetricNames.Tls),
        };
    }

    // Paused time within [from, to] of spans sorted by start: none is longer than the longest, so only
    // those starting from that much before `from` can reach into it.
    private double PausedIn(IReadOnlyList<PauseSpan> spans, double from, double to)
    {
        int lo = 0, hi = spans.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (spans[mid].AtMs < from - MaxMs - 1) // 1 ms: whatever rounding the figures met on the way through a file
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        double paused = 0;
        for (int i = lo; i < spans.Count && spans[i].AtMs < to; i++)
        {
            paused += Math.Max(0, Math.Min(spans[i].EndMs, to) - Math.Max(spans[i].AtMs, from));
        }

        return paused;
    }

    private static MetricSummary? UndelayedOf(IEnumerable<(long Measured, long Delayed, HdrHistogram.LongHistogram? Undelayed)> parts, string metric)
    {
        var list = parts.ToList();
        if (list.Sum(p => p.Delayed) == 0 || list.Any(p => p.Measured > p.Delayed && p.Undelayed is null))
        {
            return null;
        }

        var sum = HistogramSet.Sum(list.Select(p => p.Undelayed).OfType<HdrHistogram.LongHistogram>());
        return sum.TotalCount == 0 ? null : HistogramSet.Summarize(sum, metric);
    }
}
