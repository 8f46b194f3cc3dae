using Harness.Clients;
using Harness.Load.Results;
using Harness.Load.Scheduling;

namespace Harness.Load.Overhead;

/// <summary>
/// Everything an overhead run measured: each endpoint's histograms and outcomes, the pairs' own
/// differences (via − direct, per metric, both requests successful), and how pairs failed. A pair
/// where only the relay failed is the relay's failure; where only the direct request failed, or
/// both, the upstream's. Thread-safe: pairs are recorded under one lock, never held across I/O.
/// </summary>
public sealed class OverheadSamples
{
    private readonly Lock _lock = new();
    private readonly List<double>[] _paired;
    private readonly List<(RequestSample? Direct, RequestSample? Via)> _moments = [];
    private readonly List<OverheadPair> _records = [];
    private long _pairs, _viaFirst, _viaOnly, _directOnly, _both, _skipped;
    private string? _stoppedBecause;

    /// <summary>Creates empty samples for a run over <paramref name="transport"/> at <paramref name="loadPoint"/>.</summary>
    public OverheadSamples(Transport transport, string loadPoint, bool cold)
    {
        Transport = transport;
        LoadPoint = loadPoint;
        Connections = cold ? "cold" : "warm";
        _paired = [.. Metrics.Select(_ => new List<double>())];
    }

    /// <summary>The metrics measured, in report order.</summary>
    public static IReadOnlyList<string> Metrics { get; } = [MetricNames.Connect, MetricNames.Ttfb, MetricNames.Ttft, MetricNames.Itl, MetricNames.Arrival, MetricNames.EndToEnd];

    /// <summary>The transport both endpoints were reached over.</summary>
    public Transport Transport { get; }

    /// <summary>The load point: <c>c8</c>, <c>r20</c>.</summary>
    public string LoadPoint { get; }

    /// <summary><c>warm</c> (pooled connections) or <c>cold</c> (one per request).</summary>
    public string Connections { get; }

    /// <summary>The direct endpoint's measurements.</summary>
    public OverheadSide Direct { get; } = new("direct");

    /// <summary>The relay's measurements.</summary>
    public OverheadSide Via { get; } = new("via");

    /// <summary>Measured pairs (both requests finished).</summary>
    public long Pairs { get { lock (_lock) { return _pairs; } } }

    /// <summary>Measured pairs that went through the relay first.</summary>
    public long ViaFirstPairs { get { lock (_lock) { return _viaFirst; } } }

    /// <summary>Pairs where the relay failed and the direct request did not: the relay's failures.</summary>
    public long ViaOnlyFailures { get { lock (_lock) { return _viaOnly; } } }

    /// <summary>Pairs where the direct request failed and the relayed one did not.</summary>
    public long DirectOnlyFailures { get { lock (_lock) { return _directOnly; } } }

    /// <summary>Pairs where both failed (the upstream's failures, most likely).</summary>
    public long BothFailed { get { lock (_lock) { return _both; } } }

    /// <summary>Open model: pairs due while too many were in flight, not sent.</summary>
    public long SkippedPairs { get { lock (_lock) { return _skipped; } } }

    /// <summary>How long the run took, drain included.</summary>
    public TimeSpan Elapsed { get; internal set; }

    /// <summary>True when the run was cancelled before its end: the figures cover what finished.</summary>
    public bool Partial { get; internal set; }

    /// <summary>
    /// Why the run stopped itself because the relay or the direct endpoint cannot serve it
    /// (<see cref="Scheduling.UnservableEndpoint"/>); null when it ran its course. Not saved with
    /// the samples: the run that stopped says it.
    /// </summary>
    public string? StoppedBecause { get { lock (_lock) { return _stoppedBecause; } } }

    /// <summary>The harness process's own pauses over the run, judged against both sides' first tokens and ends; null before the run ends or when they are unknown.</summary>
    public HarnessPauses? Pauses { get; private set; }

    /// <summary>Measured pairs in which a pause may have delayed either request's first token or end (<see cref="OverheadPair.Paused"/>; first tokens only in runs saved before 2026-12-05).</summary>
    public long PairsDelayed { get; private set; }

    /// <summary>At most how many of each side's gaps the pauses widened (<see cref="PausedGapCounts"/>); null before the run ends, or in runs saved before they were counted.</summary>
    public PausedGapCounts? GapsWidened { get; private set; }

    /// <summary>The harness's own scheduling lag over the run (its read-lag probe's p99); null before the run ends.</summary>
    public HarnessResolution? Resolution { get; internal set; }

    /// <summary>The pairs' own differences for <paramref name="metric"/> (via − direct, ms), in the order recorded.</summary>
    public IReadOnlyList<double> PairedDifferences(string metric)
    {
        int index = IndexOf(metric);
        lock (_lock)
        {
            return [.. _paired[index]];
        }
    }

    /// <summary>Every measured pair, in the order recorded.</summary>
    public IReadOnlyList<OverheadPair> PairRecords
    {
        get
        {
            lock (_lock)
            {
                return [.. _records];
            }
        }
    }

    /// <summary>Keeps the first reason the run was stopped for (<see cref="StoppedBecause"/>).</summary>
    internal void Stop(string why)
    {
        lock (_lock)
        {
            _stoppedBecause ??= why;
        }
    }

    /// <summary>Records one measured pair.</summary>
    public void Record(RequestTimeline direct, RequestTimeline via, bool viaFirst)
    {
        ArgumentNullException.ThrowIfNull(direct);
        ArgumentNullException.ThrowIfNull(via);
        var d = new double[Metrics.Count];
        var v = new double[Metrics.Count];
        bool? directStreamed = BufferedAnswers.Judge(direct), viaStreamed = BufferedAnswers.Judge(via);
        lock (_lock)
        {
            _moments.Add((MomentsOf(direct), MomentsOf(via)));
            var pair = new OverheadPair(viaFirst, direct.Outcome, via.Outcome, d, v)
            {
                DirectOutcomeText = OutcomeText(direct),
                ViaOutcomeText = OutcomeText(via),
                DirectStreamed = directStreamed,
                ViaStreamed = viaStreamed,
            };
            Direct.Record(direct, pair.DirectOutcomeText, directStreamed, d);
            Via.Record(via, pair.ViaOutcomeText, viaStreamed, v);
            Count(pair);
        }
    }

    /// <summary>
    /// The samples of a saved run: its pairs (as <see cref="PairRecords"/> gave them, each answer's
    /// streamed judgement included, so each side's counts are the run's) and each side's
    /// histograms (<paramref name="histogram"/> of side <c>direct</c>/<c>via</c> and metric; null
    /// when none was saved), with the run's own account of what the pairs cannot say and why it was stopped, if it was.
    /// </summary>
    public static OverheadSamples Restore(
        Transport transport, string loadPoint, bool cold, IEnumerable<OverheadPair> pairs, Func<string, string, HdrHistogram.HistogramBase?> histogram,
        TimeSpan elapsed, bool partial, long skippedPairs, HarnessPauses? pauses, long pairsDelayed, HarnessResolution? resolution, string? stoppedBecause = null, PausedGapCounts? gapsWidened = null)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(histogram);
        var samples = new OverheadSamples(transport, loadPoint, cold) { Elapsed = elapsed, Partial = partial, Pauses = pauses, PairsDelayed = pairsDelayed, GapsWidened = gapsWidened, Resolution = resolution, _skipped = skippedPairs, _stoppedBecause = stoppedBecause };
        foreach (var pair in pairs)
        {
            if (pair.Direct.Length != Metrics.Count || pair.Via.Length != Metrics.Count)
            {
                throw new ArgumentException($"a pair has {pair.Direct.Length} and {pair.Via.Length} figures, not {Metrics.Count} each", nameof(pairs));
            }

            samples.Direct.Count(pair.DirectOutcome, pair.DirectOutcomeText, pair.DirectStreamed);
            samples.Via.Count(pair.ViaOutcome, pair.ViaOutcomeText, pair.ViaStreamed);
            samples.Count(pair);
        }

        foreach (var side in new[] { samples.Direct, samples.Via })
        {
            foreach (string metric in Metrics)
            {
                if (histogram(side.Name, metric) is { } saved)
                {
                    side.Histogram(metric).Add(saved);
                }
            }
        }

        return samples;
    }

    // The outcome with its detail; pairs.csv is split on commas (a content encoding may hold one).
    private static string OutcomeText(RequestTimeline t) => OutcomeNames.Describe(t).Replace(',', ';');

    // The pair's counts and paired differences; the caller holds the lock (or owns the samples alone).
    private void Count(OverheadPair pair)
    {
        _records.Add(pair);
        _pairs++;
        _viaFirst += pair.ViaFirst ? 1 : 0;
        bool directOk = pair.DirectOutcome == RequestOutcome.Ok, viaOk = pair.ViaOutcome == RequestOutcome.Ok;
        _viaOnly += directOk && !viaOk ? 1 : 0;
        _directOnly += !directOk && viaOk ? 1 : 0;
        _both += !directOk && !viaOk ? 1 : 0;
        for (int i = 0; i < pair.Direct.Length; i++)
        {
            if (!double.IsNaN(pair.Direct[i]) && !double.IsNaN(pair.Via[i]))
            {
                _paired[i].Add(pair.Via[i] - pair.Direct[i]);
            }
        }
    }

    /// <summary>
    /// Judges the pairs' first tokens and ends against <paramref name="pauses"/> (the run's, from
    /// <paramref name="from"/> to <paramref name="to"/>): each pair a pause may have delayed is marked
    /// <see cref="OverheadPair.Paused"/>.
    /// </summary>
    internal void JudgePauses(List<HarnessPause> pauses, long from, long to, bool machineProbed)
    {
        lock (_lock)
        {
            bool Delayed(RequestSample? s) => s is { } sample
                && ((sample.FirstToken != 0 && RuntimePauseLog.MayHaveDelayed(pauses, sample)) || (sample.End != 0 && RuntimePauseLog.MayHaveDelayed(pauses, sample, sample.End)));
            for (int i = 0; i < _moments.Count; i++)
            {
                _records[i] = _records[i] with { Paused = Delayed(_moments[i].Direct) || Delayed(_moments[i].Via) };
            }

            PairsDelayed = _records.Count(p => p.Paused);
            GapsWidened = new PausedGapCounts(GapsWidenedBy(pauses, _moments.Select(p => p.Direct)), GapsWidenedBy(pauses, _moments.Select(p => p.Via)));
            RequestSample[] all = [.. _moments.SelectMany(p => new[] { p.Direct, p.Via }).OfType<RequestSample>()];
            Pauses = RuntimePauseLog.Summarize(pauses, from, to, all, machineProbed);
        }
    }

    /// <summary>
    /// Each side's <paramref name="metric"/> over the pairs no pause may have delayed, and those
    /// pairs' own differences (the pairs' figures; TTFT and e2e only, which each request's own times
    /// judge); null when no pair was paused, or for another metric.
    /// </summary>
    public (HdrHistogram.LongHistogram Direct, HdrHistogram.LongHistogram Via, IReadOnlyList<double> Differences)? Unpaused(string metric)
    {
        if (!HarnessPauses.JudgesRequests(metric))
        {
            return null;
        }

        lock (_lock)
        {
            if (!_records.Exists(p => p.Paused))
            {
                return null;
            }

            int i = IndexOf(metric);
            var direct = HistogramSet.NewHistogram();
            var via = HistogramSet.NewHistogram();
            var differences = new List<double>();
            foreach (var pair in _records.Where(p => !p.Paused))
            {
                foreach (var (histogram, value) in new[] { (direct, pair.Direct[i]), (via, pair.Via[i]) })
                {
                    if (!double.IsNaN(value))
                    {
                        HistogramSet.Record(histogram, TimeSpan.FromMilliseconds(value));
                    }
                }

                if (!double.IsNaN(pair.Direct[i]) && !double.IsNaN(pair.Via[i]))
                {
                    differences.Add(pair.Via[i] - pair.Direct[i]);
                }
            }

            return (direct, via, differences);
        }
    }

    // Per pause, the streams between their first token and their end as it passed: only a successful
    // request has gaps recorded, and only its sample has an end.
    private static long GapsWidenedBy(List<HarnessPause> pauses, IEnumerable<RequestSample?> side)
    {
        var streams = side.OfType<RequestSample>().Where(s => s.FirstToken != 0 && s.End != 0).ToList();
        return pauses.Sum(p => (long)streams.Count(s => s.FirstToken <= p.End && s.End >= p.Start));
    }

    // A successful request is judged at its first token and its end; another at its first token, if any.
    private static RequestSample? MomentsOf(RequestTimeline t) =>
        t.Outcome == RequestOutcome.Ok && t.End != 0 ? RequestSample.Ended(t, t.End) : RequestSample.Of(t);

    /// <summary>Counts a pair the open model could not send in time.</summary>
    internal void RecordSkipped()
    {
        lock (_lock)
        {
            _skipped++;
        }
    }

    /// <summary>A progress snapshot.</summary>
    public OverheadProgress Snapshot(TimeSpan elapsed)
    {
        lock (_lock)
        {
            var d = Direct.Histogram(MetricNames.Ttft);
            var v = Via.Histogram(MetricNames.Ttft);
            return new OverheadProgress
            {
                Transport = Transport.ToName(),
                LoadPoint = LoadPoint,
                Elapsed = elapsed,
                Pairs = _pairs,
                DirectFailures = Direct.Failures,
                ViaFailures = Via.Failures,
                DirectTtftP50Ms = d.TotalCount > 0 ? HistogramSet.ValueAtPercentile(d, 50) / 1000.0 : null,
                ViaTtftP50Ms = v.TotalCount > 0 ? HistogramSet.ValueAtPercentile(v, 50) / 1000.0 : null,
            };
        }
    }

    private static int IndexOf(string metric)
    {
        for (int i = 0; i < Metrics.Count; i++)
        {
            if (Metrics[i] == metric)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(metric), metric, $"not an overhead metric ({string.Join(", ", Metrics)})");
    }
}
