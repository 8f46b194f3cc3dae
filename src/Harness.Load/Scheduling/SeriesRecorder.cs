using System.Diagnostics;
using Harness.Clients;
using Harness.Load.Results;
using HdrHistogram;

namespace Harness.Load.Scheduling;

/// <summary>
/// Records one series' requests into its histograms, per-second rows and request rows. One lock
/// guards everything: a completed request costs one lock and a few dozen histogram increments
/// (microseconds), far below the time a stream takes, and the lock is never held across I/O
/// (<see cref="TakeForJournal"/> copies new rows out; the caller writes them).
/// </summary>
internal sealed class SeriesRecorder
{
    private static readonly double s_ticksToMicros = 1_000_000.0 / Stopwatch.Frequency;
    // OutcomeNames is the one home of the written names (results.json, both CSVs, the console).
    private static readonly string[] s_outcomeNames = Enum.GetValues<RequestOutcome>().Select(o => o.ToName()).ToArray();

    private readonly Lock _lock = new();
    private readonly string _transport;
    private readonly string _loadPoint;
    private readonly bool _open;
    private readonly long _origin;
    private readonly long _rowOrigin;
    private readonly int _firstSecond;
    private readonly int _maxRequestRows;
    private readonly LongHistogram _connect, _tls, _ttfb, _ttfc, _ttft, _itl, _tpot, _e2e, _rate, _startDelay, _readDelay;
    private readonly LongHistogram? _ttfbRaw, _ttfcRaw, _ttftRaw, _e2eRaw;
    private readonly List<TimeSeriesRow> _seconds = [];
    private readonly List<RequestRow> _requestRows = [];
    private readonly List<RequestSample> _samples = [];
    private readonly List<ConnectSample> _connects = [];
    private readonly long[] _outcomes = new long[TimeSeriesRow.OutcomeCount];
    private readonly ISeriesObserver? _observer;
    private long _started, _finished, _errors, _tokens, _retries, _late, _droppedRows, _judged, _buffered, _failedConnects, _failedTls;
    private int _journaledSeconds, _journaledRequests;
    private long _journaledActive;
    private MeasuredWindow _window;
    private double _windowTokens, _windowSucceeded;
    private OutputTokenAccounting _tokenAccounting = new();
    private string? _firstFailure;

    /// <summary>
    /// A recorder for a window measured from <paramref name="origin"/> to <paramref name="windowEnd"/>
    /// (planned; <see cref="CloseWindowAt"/> ends it early); its rows are written as if the series'
    /// window had begun <paramref name="windowOffset"/> earlier (whole seconds).
    /// </summary>
    public SeriesRecorder(HistogramSet histograms, string transport, string loadPoint, bool open, long origin, long windowEnd, int maxRequestRows, ISeriesObserver? observer = null, TimeSpan windowOffset = default)
    {
        _window = new MeasuredWindow(origin, Math.Max(origin, windowEnd));
        _firstSecond = (int)windowOffset.TotalSeconds;
        _rowOrigin = origin - (_firstSecond * Stopwatch.Frequency);
        _observer = observer;
        _transport = transport;
        _loadPoint = loadPoint;
        _open = open;
        _origin = origin;
        _maxRequestRows = maxRequestRows;
        LongHistogram H(string metric) => histograms.Get(transport, loadPoint, metric);
        _connect = H(MetricNames.Connect);
        _tls = H(MetricNames.Tls);
        _ttfb = H(MetricNames.Ttfb);
        _ttfc = H(MetricNames.Ttfc);
        _ttft = H(MetricNames.Ttft);
        _itl = H(MetricNames.Itl);
        _tpot = H(MetricNames.Tpot);
        _e2e = H(MetricNames.EndToEnd);
        _rate = H(MetricNames.TokensPerSecond);
        _startDelay = H(MetricNames.StartDelay);
        _readDelay = H(MetricNames.ReadDelay);
        if (open)
        {
            _ttfbRaw = H(MetricNames.Ttfb + MetricNames.UncorrectedSuffix);
            _ttfcRaw = H(MetricNames.Ttfc + MetricNames.UncorrectedSuffix);
            _ttftRaw = H(MetricNames.Ttft + MetricNames.UncorrectedSuffix);
            _e2eRaw = H(MetricNames.EndToEnd + MetricNames.UncorrectedSuffix);
        }
    }

    public long Started => Volatile.Read(ref _started);

    public long Finished => Volatile.Read(ref _finished);

    public long Errors => Volatile.Read(ref _errors);

    public long LateSends => _late;

    /// <summary>Measured requests that failed opening their own new connection (<see cref="RequestTimeline.ConnectFailed"/>).</summary>
    public long FailedConnects => Volatile.Read(ref _failedConnects);

    /// <summary>Of <see cref="FailedConnects"/>, those whose TLS handshake failed.</summary>
    public long FailedTlsHandshakes => Volatile.Read(ref _failedTls);

    /// <summary>Successful requests long enough to judge whether they streamed (<see cref="Incrementality"/>).</summary>
    public long JudgedStreams
    {
        get
        {
            lock (_lock)
            {
                return _judged;
            }
        }
    }

    /// <summary>Of <see cref="JudgedStreams"/>, those whose content arrived (nearly) at once.</summary>
    public long BufferedStreams
    {
        get
        {
            lock (_lock)
            {
                return _buffered;
            }
        }
    }

    public long DroppedRequestRows => _droppedRows;

    /// <summary>The measured window: planned, or cut short by <see cref="CloseWindowAt"/>.</summary>
    public MeasuredWindow Window
    {
        get
        {
            lock (_lock)
            {
                return _window;
            }
        }
    }

    /// <summary>The run was stopped at <paramref name="timestamp"/>: the window ends there if it had not yet.</summary>
    public void CloseWindowAt(long timestamp)
    {
        lock (_lock)
        {
            _window = _window with { End = Math.Clamp(timestamp, _window.Start, _window.End) };
        }
    }

    /// <summary>
    /// A warm-up request ended: only its part in the measured window counts (towards throughput);
    /// its latencies and outcome belong to the warm-up.
    /// </summary>
    public void RecordWarmUpEnd(RequestTimeline t)
    {
        long end = t.End != 0 ? t.End : Stopwatch.GetTimestamp();
        lock (_lock)
        {
            _windowTokens += _window.TokenShare(t, end);
            _windowSucceeded += _window.SuccessShare(t, end);
        }
    }

    /// <summary>The first measured request that failed, as "outcome: what happened" (<c>connect_error: connection refused (127.0.0.1:8080)</c>); null when none did.</summary>
    public string? FirstFailure
    {
        get
        {
            lock (_lock)
            {
                return _firstFailure;
            }
        }
    }

    /// <summary>How the recorded requests' output tokens were counted, and usage against the tokenizer.</summary>
    public OutputTokenAccounting TokenAccounting
    {
        get
        {
            lock (_lock)
            {
                return _tokenAccounting;
            }
        }
    }

    /// <summary>A measured request is about to start; <paramref name="lagTicks"/> is the engine's scheduling lag.</summary>
    public void RecordStart(long timestamp, long lagTicks)
    {
        lock (_lock)
        {
            _started++;
            Row(SecondOf(timestamp)).Started++;
            _observer?.RequestStarted();
            if (lagTicks >= 0)
            {
                RecordTicks(_startDelay, lagTicks);
                _observer?.StartLag(Elapsed(lagTicks));
            }
        }
    }

    /// <summary>A sample of the engine's lag not tied to a request (the closed model's probe).</summary>
    public void RecordLag(long lagTicks)
    {
        lock (_lock)
        {
            RecordTicks(_startDelay, lagTicks);
            _observer?.StartLag(Elapsed(lagTicks));
        }
    }

    /// <summary>A sample of how late a socket read was handled (<see cref="ReadLagProbe"/>).</summary>
    public void RecordReadLag(long lagTicks)
    {
        lock (_lock)
        {
            RecordTicks(_readDelay, lagTicks);
            _observer?.ReadLag(Elapsed(lagTicks));
        }
    }

    /// <summary>A measured request ended.</summary>
    public void RecordEnd(RequestTimeline t, long lateThresholdTicks)
    {
        long end = t.End != 0 ? t.End : Stopwatch.GetTimestamp();
        lock (_lock)
        {
            CountOutcome(t, end, lateThresholdTicks);
            RecordConnection(t);
            RecordLatencies(t, end);
            RecordTokens(t, end);
            if (_requestRows.Count < _maxRequestRows)
            {
                _requestRows.Add(RequestRow.From(t, _transport, _loadPoint, _rowOrigin, end));
            }
            else
            {
                _droppedRows++;
            }
        }
    }

    private void CountOutcome(RequestTimeline t, long end, long lateThresholdTicks)
    {
        _finished++;
        int outcome = (int)t.Outcome;
        _outcomes[outcome]++;
        if (t.Outcome != RequestOutcome.Ok)
        {
            _errors++;
        }

        _firstFailure ??= OutcomeNames.FailureOf(t);

        var endRow = Row(SecondOf(end));
        endRow.Finished++;
        endRow.Outcomes[outcome]++;
        _retries += t.Retries;
        if (t.IntendedStart != 0 && t.ActualStart - t.IntendedStart > lateThresholdTicks)
        {
            _late++;
        }
    }

    private void RecordConnection(RequestTimeline t)
    {
        // A connection that never became usable has no connect time (what it had, DNS and TCP
        // before a failed handshake, is not one): counted, for claims to place past any value.
        if (t.ConnectFailed)
        {
            _failedConnects++;
            _failedTls += t.TlsFailed ? 1 : 0;
        }
        else if (!t.ConnectionReused && t.ConnectCost > TimeSpan.Zero)
        {
            HistogramSet.Record(_connect, t.ConnectCost);
            if (t.ConnectStart != 0)
            {
                _connects.Add(new ConnectSample(t.ConnectStart, t.ConnectCost, t.TlsHandshakeDuration ?? default));
            }
        }

        if (t.TlsHandshakeDuration is { } tls)
        {
            HistogramSet.Record(_tls, tls);
        }
    }

    /// <summary>
    /// Latency of successful requests only: a fast 429 is not a fast answer, nor is a stream cut off
    /// mid-way a fast TPOT. Failures are counted in the outcomes, and claims count each one above any
    /// per-request latency limit (FailedRequests).
    /// </summary>
    private void RecordLatencies(RequestTimeline t, long end)
    {
        if (t.Outcome != RequestOutcome.Ok)
        {
            return;
        }

        long origin = t.LatencyOrigin;
        RecordSince(_ttfb, _ttfbRaw, origin, t.ActualStart, t.ResponseHeaders);
        RecordSince(_ttfc, _ttfcRaw, origin, t.ActualStart, t.FirstChunk);
        RecordSince(_ttft, _ttftRaw, origin, t.ActualStart, t.FirstToken);
        _samples.Add(RequestSample.Ended(t, end));
        if (t.FirstToken != 0)
        {
            _observer?.TimeToFirstToken(Elapsed(t.FirstToken - origin));
        }

        RecordSince(_e2e, _e2eRaw, origin, t.ActualStart, end);
        if (t.Tpot is { } tpot)
        {
            HistogramSet.Record(_tpot, tpot);
        }

        var arrivals = t.ContentArrivals;
        if (arrivals.Length >= 2)
        {
            double seconds = (end - arrivals[0]) / (double)Stopwatch.Frequency;
            if (seconds > 0)
            {
                HistogramSet.RecordRate(_rate, (arrivals.Length - 1) / seconds);
            }
        }
    }

    /// <summary>Every request's content arrivals, failed or not: the gaps between them, the tokens each second and the window saw, and whether the answer streamed.</summary>
    private void RecordTokens(RequestTimeline t, long end)
    {
        var arrivals = t.ContentArrivals;
        for (int i = 0; i < arrivals.Length; i++)
        {
            Row(SecondOf(arrivals[i])).Tokens++;
            if (i > 0)
            {
                RecordTicks(_itl, arrivals[i] - arrivals[i - 1]);
                _observer?.InterTokenGap(Elapsed(arrivals[i] - arrivals[i - 1]));
            }
        }

        _tokens += t.TokenCount;
        _windowTokens += _window.TokenShare(t, end);
        _windowSucceeded += _window.SuccessShare(t, end);
        _tokenAccounting = _tokenAccounting.Add(t);
        _observer?.RequestEnded(t.Outcome, t.TokenCount);

        if (BufferedAnswers.Judge(t) is { } streamed)
        {
            _judged++;
            _buffered += streamed ? 0 : 1;
        }
    }

    /// <summary>Each successful request's moments (what the TTFT and e2e histograms hold) as timestamps.</summary>
    public List<RequestSample> RequestSamples()
    {
        lock (_lock)
        {
            return [.. _samples];
        }
    }

    /// <summary>Each timed new connection (what the connect and TLS histograms hold).</summary>
    public List<ConnectSample> ConnectSamples()
    {
        lock (_lock)
        {
            return [.. _connects];
        }
    }

    public LoadProgress Snapshot(TimeSpan elapsed, bool warmingUp, long active, double requestsPerSecond)
    {
        lock (_lock)
        {
            bool any = _ttft.TotalCount > 0;
            return new LoadProgress
            {
                Transport = _transport,
                LoadPoint = _loadPoint,
                Elapsed = elapsed,
                WarmingUp = warmingUp,
                Started = _started,
                Finished = _finished,
                Active = active,
                Errors = _errors,
                RequestsPerSecond = requestsPerSecond,
                TtftP50Ms = any ? HistogramSet.ValueAtPercentile(_ttft, 50) / 1000.0 : null,
                TtftP99Ms = any ? HistogramSet.ValueAtPercentile(_ttft, 99) / 1000.0 : null,
            };
        }
    }

    /// <summary>
    /// The rows not yet handed to the journal: request rows as recorded, and each second's row once
    /// <paramref name="now"/> is a second past its end (all of them when <paramref name="final"/>),
    /// copied with its active count, so the caller writes them outside the lock.
    /// </summary>
    public (List<TimeSeriesRow> Seconds, List<RequestRow> Requests) TakeForJournal(long now, bool final)
    {
        lock (_lock)
        {
            int closed = final ? _seconds.Count : Math.Min(_seconds.Count, (int)((now - _origin) / Stopwatch.Frequency) - 1);
            var seconds = new List<TimeSeriesRow>(Math.Max(0, closed - _journaledSeconds));
            for (; _journaledSeconds < closed; _journaledSeconds++)
            {
                var row = _seconds[_journaledSeconds];
                _journaledActive += row.Started - row.Finished;
                seconds.Add(row with { Active = Math.Max(0, _journaledActive), Outcomes = (long[])row.Outcomes.Clone() });
            }

            var requests = _requestRows.GetRange(_journaledRequests, _requestRows.Count - _journaledRequests);
            _journaledRequests = _requestRows.Count;
            return (seconds, requests);
        }
    }

    /// <summary>Tokens and successes (as shares, <see cref="MeasuredWindow"/>) that fell in the measured window.</summary>
    public (double Tokens, double Succeeded) InWindow()
    {
        lock (_lock)
        {
            return (_windowTokens, _windowSucceeded);
        }
    }

    public (List<TimeSeriesRow> Seconds, List<RequestRow> Requests, Dictionary<string, long> Outcomes, long Tokens, long Retries) Complete()
    {
        lock (_lock)
        {
            long active = 0;
            foreach (var row in _seconds)
            {
                active += row.Started - row.Finished;
                row.Active = Math.Max(0, active);
            }

            var outcomes = new Dictionary<string, long>(StringComparer.Ordinal);
            for (int i = 0; i < _outcomes.Length; i++)
            {
                if (_outcomes[i] > 0)
                {
                    outcomes[s_outcomeNames[i]] = _outcomes[i];
                }
            }

            return (_seconds.ToList(), _requestRows.ToList(), outcomes, _tokens, _retries);
        }
    }

    private static TimeSpan Elapsed(long ticks) => Stopwatch.GetElapsedTime(0, ticks);

    private int SecondOf(long timestamp) => (int)Math.Max(0, (timestamp - _origin) / Stopwatch.Frequency);

    private TimeSeriesRow Row(int second)
    {
        while (_seconds.Count <= second)
        {
            _seconds.Add(new TimeSeriesRow { Second = _firstSecond + _seconds.Count, Transport = _transport, LoadPoint = _loadPoint });
        }

        return _seconds[second];
    }

    private static void RecordSince(LongHistogram corrected, LongHistogram? uncorrected, long origin, long actualStart, long at)
    {
        if (at == 0)
        {
            return;
        }

        RecordTicks(corrected, at - origin);
        if (uncorrected is not null)
        {
            RecordTicks(uncorrected, at - actualStart);
        }
    }

    private static void RecordTicks(LongHistogram histogram, long ticks) =>
        histogram.RecordValue(Math.Clamp((long)(ticks * s_ticksToMicros), 1, HistogramSet.HighestTrackableValue));
}
