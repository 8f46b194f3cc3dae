using System.Diagnostics;
using System.Diagnostics.Tracing;
using Harness.Core;
using Harness.Load.Results;
using HdrHistogram;

namespace Harness.Load.Scheduling;

/// <summary>
/// Every time the runtime stops this process's managed threads (a blocking GC, the suspensions of a
/// background GC, a tiering or debugger suspension), read from the runtime's own events in process.
/// Such a pause delays every request in flight at once, so in a closed-model wave it reaches many
/// requests' latencies together, while the lag probes sample it at most once per pause and their p99
/// does not show it. One log per process: the runtime's events are process-wide. <see cref="Settled"/>
/// adds the machine's own pauses (<see cref="MachinePauseProbe"/>), which delay requests the same way.
/// </summary>
internal sealed class RuntimePauseLog : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    // Event ids of the runtime's GC keyword (ClrEtwAll.man).
    private const int GcStartId = 1, GcRestartEeEndId = 3, GcSuspendEeBeginId = 9;
    // How long Settled waits for the events of collections the runtime has already counted (they
    // come within milliseconds while the runtime's event tracing runs).
    private static readonly TimeSpan s_catchUpTimeout = TimeSpan.FromSeconds(2);

    // HarnessPauses.DelayWindowMs as Stopwatch ticks: how close to a moment a pause must fall to delay it.
    private static readonly long s_delayWindow = StopwatchTicks.From(TimeSpan.FromMilliseconds(HarnessPauses.DelayWindowMs));

    /// <summary>Where <see cref="PauseSpan.AtMs"/> counts from: one clock for every series of the process.</summary>
    private static readonly long s_origin = Stopwatch.GetTimestamp();
    private static readonly Lazy<RuntimePauseLog> s_instance = new(() => new RuntimePauseLog(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly PauseRing _pauses = new();
    // Event timestamps are UTC DateTimes the dispatcher derived from the same monotonic clock as
    // Stopwatch; this pair turns them back (off by the two clocks' drift since, microseconds).
    private readonly long _syncTimestamp = Stopwatch.GetTimestamp();
    private readonly DateTime _syncUtc = DateTime.UtcNow;
    // Collections before the listener started send no events: count from where the runtime is.
    private long _lastGcIndex = GC.CollectionCount(0);
    private long _pendingGcIndex;
    private long _suspendStart;
    private int _generation = HarnessPause.NoCollection;

    private RuntimePauseLog()
    {
        // The machine's pauses are logged from the same moment as the runtime's.
        _ = MachinePauseProbe.Instance;
    }

    /// <summary>The process's log, listening (and the machine-pause probe probing) from its first use on.</summary>
    public static RuntimePauseLog Instance => s_instance.Value;

    /// <summary>
    /// Listens (from now, if not yet) and collects everything at once, between measurements: what
    /// start-up and earlier runs left (the tokenizer's 25 MB, say) is promoted here rather than
    /// copied by a collection inside a measured window, which would stop client and fake alike for
    /// tens of milliseconds.
    /// </summary>
    public static RuntimePauseLog CollectBeforeMeasuring()
    {
        var log = Instance;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return log;
    }

    /// <summary>The runtime's pauses that overlap [<paramref name="from"/>, <paramref name="to"/>), oldest first.</summary>
    public List<HarnessPause> Between(long from, long to) => _pauses.Between(from, to);

    /// <summary>
    /// The pauses inside [<paramref name="from"/>, <paramref name="to"/>), how many of
    /// <paramref name="samples"/>' moments (headers, first event, first token, end; TPOT at the end) they
    /// may have delayed, and the others' figures. Waits briefly
    /// first for the events of collections the runtime has already counted; null when they do not
    /// come (event tracing switched off, say): then the pauses are unknown, not absent.
    /// </summary>
    public HarnessPauses? Summarize(long from, long to, IReadOnlyList<RequestSample> samples, IReadOnlyList<ConnectSample>? connects = null) =>
        Settled(from, to) is { } pauses ? Summarize(pauses, from, to, samples, MachinePauseProbe.Instance.Running, connects) : null;

    /// <summary>
    /// Every pause that overlaps [<paramref name="from"/>, <paramref name="to"/>), sorted by start and
    /// not overlapping, once the events of the collections the runtime has already counted are in:
    /// the runtime's, and the machine's from <see cref="MachinePauseProbe"/> that no runtime pause
    /// explains. Null when the runtime's events do not come.
    /// </summary>
    public List<HarnessPause>? Settled(long from, long to) =>
        CaughtUpWith(GC.CollectionCount(0), s_catchUpTimeout) ? Combine(Between(from, to), MachinePauseProbe.Instance.Between(from, to)) : null;

    /// <summary>
    /// <paramref name="runtime"/> and those of <paramref name="machine"/> that overlap none of them
    /// (the probe's thread, returning from its sleep into a suspension, waits it out like every
    /// other: the late wake-up was the runtime's), sorted by start.
    /// </summary>
    internal static List<HarnessPause> Combine(List<HarnessPause> runtime, List<HarnessPause> machine)
    {
        var all = new List<HarnessPause>(runtime);
        all.AddRange(machine.Where(m => !Overlaps(runtime, m.Start, m.End)));
        all.Sort((a, b) => a.Start.CompareTo(b.Start));
        return all;
    }

    /// <summary>
    /// <see cref="Summarize(long, long, IReadOnlyList{RequestSample}, IReadOnlyList{ConnectSample})"/> over given pauses (sorted by
    /// start); <paramref name="machineProbed"/>: whether the machine's pauses are among them, or unknown.
    /// </summary>
    internal static HarnessPauses Summarize(List<HarnessPause> pauses, long from, long to, IReadOnlyList<RequestSample> samples, bool machineProbed, IReadOnlyList<ConnectSample>? connects = null)
    {
        var ttft = Judge(pauses, samples.Where(s => s.FirstToken != 0), s => s.FirstToken, MetricNames.Ttft);
        var e2e = Judge(pauses, samples.Where(s => s.End != 0), s => s.End, MetricNames.EndToEnd);
        var ttfb = Judge(pauses, samples.Where(s => s.Headers != 0), s => s.Headers, MetricNames.Ttfb);
        var ttfc = Judge(pauses, samples.Where(s => s.FirstChunk != 0), s => s.FirstChunk, MetricNames.Ttfc);
        var tpot = JudgeTpot(pauses, samples.Where(s => s.Tpot > TimeSpan.Zero));
        // A connect is the client's own work and waits from its start to its end: a pause anywhere in
        // it may have lengthened it (the TLS handshake, its last part, likewise).
        connects ??= [];
        var connect = Judge(connects, s => Overlaps(pauses, s.Start, s.End), s => s.Connect, MetricNames.Connect);
        var tls = Judge(connects.Where(s => s.Tls > TimeSpan.Zero), s => Overlaps(pauses, s.TlsStart, s.End), s => s.Tls, MetricNames.Tls);
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        return new HarnessPauses
        {
            Count = pauses.Count,
            Collections = pauses.Count(p => p.Generation >= 0),
            MachineCount = machineProbed ? pauses.Count(p => p.IsMachine) : null,
            MachineMaxMs = machineProbed ? Ms(pauses.Where(p => p.IsMachine).Select(p => p.End - p.Start).DefaultIfEmpty().Max()) : null,
            TotalMs = Ms(pauses.Sum(p => Math.Min(p.End, to) - Math.Max(p.Start, from))),
            MaxMs = pauses.Count == 0 ? 0 : Ms(pauses.Max(p => p.End - p.Start)),
            Spans = [.. pauses.Select(p => new PauseSpan { AtMs = Ms(p.Start - s_origin), Ms = Ms(p.End - p.Start) })],
            TtftMeasured = ttft.Measured,
            TtftDelayed = ttft.Delayed,
            TtftUndelayed = ttft.Undelayed,
            TtftUndelayedHistogram = ttft.Clear,
            E2eMeasured = e2e.Measured,
            E2eDelayed = e2e.Delayed,
            E2eUndelayed = e2e.Undelayed,
            E2eUndelayedHistogram = e2e.Clear,
            TtfbMeasured = ttfb.Measured,
            TtfbDelayed = ttfb.Delayed,
            TtfbUndelayed = ttfb.Undelayed,
            TtfbUndelayedHistogram = ttfb.Clear,
            TtfcMeasured = ttfc.Measured,
            TtfcDelayed = ttfc.Delayed,
            TtfcUndelayed = ttfc.Undelayed,
            TtfcUndelayedHistogram = ttfc.Clear,
            TpotMeasured = tpot.Measured,
            TpotDelayed = tpot.Delayed,
            TpotUndelayed = tpot.Undelayed,
            TpotUndelayedHistogram = tpot.Clear,
            ConnectMeasured = connect.Measured,
            ConnectDelayed = connect.Delayed,
            ConnectUndelayed = connect.Undelayed,
            ConnectUndelayedHistogram = connect.Clear,
            TlsMeasured = tls.Measured,
            TlsDelayed = tls.Delayed,
            TlsUndelayed = tls.Undelayed,
            TlsUndelayedHistogram = tls.Clear,
        };
    }

    // How many of the samples a pause may have delayed at the moment `at` picks (first token, end,
    // headers or first event), and the others' times from their origin: their histogram, and its
    // summary as `metric` when any sample was delayed.
    private static (long Measured, long Delayed, LongHistogram? Clear, MetricSummary? Undelayed) Judge(List<HarnessPause> pauses, IEnumerable<RequestSample> samples, Func<RequestSample, long> at, string metric) =>
        Judge(samples, s => MayHaveDelayed(pauses, s, at(s)), s => Stopwatch.GetElapsedTime(s.Origin, at(s)), metric);

    // TPOT runs from the first token to the end: only a pause just before the end lengthens it. One on
    // the way to the server moves both moments alike, one before the first token shortens it.
    private static (long Measured, long Delayed, LongHistogram? Clear, MetricSummary? Undelayed) JudgeTpot(List<HarnessPause> pauses, IEnumerable<RequestSample> samples) =>
        Judge(samples, s => Overlaps(pauses, s.End - s_delayWindow, s.End), s => s.Tpot, MetricNames.Tpot);

    private static (long Measured, long Delayed, LongHistogram? Clear, MetricSummary? Undelayed) Judge<T>(IEnumerable<T> samples, Func<T, bool> delayedBy, Func<T, TimeSpan> value, string metric)
    {
        LongHistogram? clear = null;
        long measured = 0, delayed = 0;
        foreach (var sample in samples)
        {
            measured++;
            if (delayedBy(sample))
            {
                delayed++;
            }
            else
            {
                clear ??= HistogramSet.NewHistogram();
                HistogramSet.Record(clear, value(sample));
            }
        }

        return (measured, delayed, clear, delayed == 0 || clear is null ? null : HistogramSet.Summarize(clear, metric));
    }

    /// <summary>Whether one of <paramref name="pauses"/> (sorted by start) may have delayed <paramref name="sample"/>'s first token.</summary>
    internal static bool MayHaveDelayed(List<HarnessPause> pauses, RequestSample sample) => MayHaveDelayed(pauses, sample, sample.FirstToken);

    /// <summary>Whether one of <paramref name="pauses"/> (sorted by start) may have delayed what <paramref name="sample"/> read at <paramref name="at"/> (its first token, or its end).</summary>
    internal static bool MayHaveDelayed(List<HarnessPause> pauses, RequestSample sample, long at)
    {
        // Only a pause on the request's way to the server or on that moment's way back can delay
        // it; one in the server's own think time cannot (the embedded fake's writes due in a pause
        // go out as it ends, onto the way back), nor one that held back an earlier token of the
        // stream (the server sends the later ones on its own time). Judging by fixed windows rather
        // than the whole time keeps long requests from being counted more often.
        return Overlaps(pauses, sample.Origin, sample.Delivered + s_delayWindow) || Overlaps(pauses, at - s_delayWindow, at);
    }

    /// <summary>Whether any of <paramref name="pauses"/> (sorted by start, not overlapping) overlaps [start, end].</summary>
    internal static bool Overlaps(List<HarnessPause> pauses, long start, long end)
    {
        if (end < start)
        {
            return false;
        }

        // The first pause that ends at or after start: it overlaps when it also begins by end.
        int lo = 0, hi = pauses.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (pauses[mid].End < start)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo < pauses.Count && pauses[lo].Start <= end;
    }

    /// <inheritdoc />
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        // Runs from the base constructor too, before this class's constructor body: only enable here.
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Informational, GcKeyword);
        }
    }

    /// <inheritdoc />
    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        // One dispatcher thread delivers the runtime's events in order.
        switch (e.EventId)
        {
            case GcSuspendEeBeginId:
                _suspendStart = TimestampOf(e.TimeStamp);
                _generation = HarnessPause.NoCollection;
                break;
            case GcStartId:
                _pendingGcIndex = Convert.ToInt64(e.Payload![0]);
                _generation = Convert.ToInt32(e.Payload[1]);
                break;
            case GcRestartEeEndId when _suspendStart != 0:
                _pauses.Add(new HarnessPause(_suspendStart, TimestampOf(e.TimeStamp), _generation));

                _suspendStart = 0;
                Volatile.Write(ref _lastGcIndex, _pendingGcIndex);
                break;
        }
    }

    private long TimestampOf(DateTime utc) => _syncTimestamp + (long)((utc - _syncUtc).Ticks * (Stopwatch.Frequency / (double)TimeSpan.TicksPerSecond));

    /// <summary>Waits up to <paramref name="timeout"/> until the log has seen <paramref name="collections"/> collections' events; false when it has not.</summary>
    internal bool CaughtUpWith(long collections, TimeSpan timeout)
    {
        long deadline = Stopwatch.GetTimestamp() + StopwatchTicks.From(timeout);
        while (Volatile.Read(ref _lastGcIndex) < collections)
        {
            if (Stopwatch.GetTimestamp() >= deadline)
            {
                return false;
            }

            Thread.Sleep(10);
        }

        return true;
    }
}
