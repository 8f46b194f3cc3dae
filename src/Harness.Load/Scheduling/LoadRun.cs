using System.Diagnostics;
using System.Globalization;
using Harness.Clients;
using Harness.Core;
using Harness.Load.Results;
using Harness.Load.Simulations;

namespace Harness.Load.Scheduling;

/// <summary>
/// One execution of a scenario: what both load models share (the run's clock, warm-up, progress,
/// drain, the engine's lag probes, the series it returns). The model itself is
/// <see cref="OpenModelRun"/> (one dispatcher thread, requests at intended starts) or
/// <see cref="ClosedModelRun"/> (copies running requests back to back). Both record the engine's
/// own lag: pool pickup or dispatch after the intended moment as <see cref="MetricNames.StartDelay"/>,
/// and how late a socket read is handled (<see cref="ReadLagProbe"/>) as <see cref="MetricNames.ReadDelay"/>.
/// </summary>
internal abstract class LoadRun
{
    private readonly CancellationTokenSource _requests;
    private readonly HistogramSet _histograms = new();
    private readonly ChatRequest[] _chatRequests;
    private long _active, _promptIndex;
    // The warm-up's own counts, for the progress line only (Interlocked; no measured figure reads them).
    private long _warmUpSent, _warmUpFinished, _warmUpErrors;
    private long _drainDeadline; // 0 until the drain starts
    private long _interruptedAt; // when the caller cancelled the run; 0 until then
    private volatile bool _drainExpired; // the drain timeout passed with requests still running
    private readonly CancellationTokenRegistration _interruption; // sets _interruptedAt
    private Exception? _failure;
    private UnservableEndpoint _unservable = null!;
    private string? _stoppedBecause; // set once the endpoint is judged unable to serve the run

    protected LoadRun(LoadScenario scenario, IChatStreamClient client, LoadRunOptions options, CancellationToken cancel)
    {
        Scenario = scenario;
        Client = client;
        Options = options;
        Cancel = cancel;
        _requests = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        _interruption = cancel.Register(static run => Volatile.Write(ref ((LoadRun)run!)._interruptedAt, Stopwatch.GetTimestamp()), this);
        LateTicks = StopwatchTicks.From(scenario.LateSendThreshold);
        _chatRequests = [.. scenario.ChatRequests()];
    }

    protected LoadScenario Scenario { get; }

    protected IChatStreamClient Client { get; }

    protected LoadRunOptions Options { get; }

    /// <summary>The caller's cancellation: the run stops and returns what it measured.</summary>
    protected CancellationToken Cancel { get; }

    /// <summary>Cancels requests in flight: the caller's cancellation, or the drain timeout.</summary>
    protected CancellationToken Requests => _requests.Token;

    /// <summary>A send this many ticks after its intended start counts as late.</summary>
    protected long LateTicks { get; }

    protected SeriesRecorder Recorder { get; private set; } = null!;

    /// <summary>Timestamps: warm-up starts, the measured window starts, the profile ends.</summary>
    protected long RunStart { get; private set; }

    protected long MeasureStart { get; private set; }

    protected long End { get; private set; }

    /// <summary>
    /// True once the run stopped itself because the endpoint cannot serve it
    /// (<see cref="UnservableEndpoint"/>): the models send nothing more.
    /// </summary>
    protected bool Halted => Volatile.Read(ref _stoppedBecause) is not null;

    /// <summary>True for the open model: latencies from intended starts, uncorrected ones kept beside.</summary>
    protected abstract bool IsOpen { get; }

    /// <summary>False while closed-model copies are still between requests; drain waits for them briefly.</summary>
    protected virtual bool CopiesStopped => true;

    /// <summary>The run for the scenario's load model.</summary>
    public static LoadRun Create(LoadScenario scenario, IChatStreamClient client, LoadRunOptions options, CancellationToken cancel) =>
        scenario.Profile.Model == LoadModel.Open
            ? new OpenModelRun(scenario, client, options, cancel)
            : new ClosedModelRun(scenario, client, options, cancel);

    public async Task<LoadSeriesRun> ExecuteAsync()
    {
        // The pause log listens from its first use, so it must hear the run from its start.
        _ = RuntimePauseLog.Instance;
        if (Options.CollectFirst)
        {
            RuntimePauseLog.CollectBeforeMeasuring();
        }

        await WaitForStartAtAsync();
        var warmUp = Scenario.WarmUp;
        RunStart = Stopwatch.GetTimestamp();
        MeasureStart = RunStart + StopwatchTicks.From(warmUp);
        End = MeasureStart + StopwatchTicks.From(Scenario.Profile.Duration);
        var startedUtc = DateTimeOffset.UtcNow + warmUp;
        _unservable = new UnservableEndpoint(warmUp > TimeSpan.Zero ? MeasureStart : RunStart + StopwatchTicks.From(UnservableEndpoint.ProbeWithoutWarmUp));
        Recorder = new SeriesRecorder(_histograms, Scenario.Transport.ToName(), Scenario.LoadPointLabel, IsOpen, MeasureStart, End, Options.MaxRequestRows,
            Options.Observer?.SeriesStarted(Scenario.Transport.ToName(), Scenario.LoadPointLabel), Options.WindowOffset);
        // Interrupted: the measured window ends where the run did, so rates are over the time run.
        using var stopped = Cancel.Register(() => Recorder.CloseWindowAt(Stopwatch.GetTimestamp()));
        using var progressStop = new CancellationTokenSource();
        var progress = ReportProgressAsync(progressStop.Token);
        var journal = JournalAsync(progressStop.Token);
        await using var readProbe = await ReadLagProbe.StartAsync(EngineTiming.ReadLagProbeInterval, (sent, lag) =>
        {
            if (InMeasuredWindow(sent))
            {
                Recorder.RecordReadLag(lag);
            }
        }).ConfigureAwait(false);

        var window = NotifyWindowStartAsync();
        var steps = WarmUpSteps().Concat(Scenario.Profile.Steps.Select(Options.Agent.Apply)).ToList();
        await RunModelAsync(steps).ConfigureAwait(false);

        long cancelledAtDrain = await DrainAsync();
        _interruption.Dispose(); // every request has ended; the caller's token outlives this run
        await readProbe.DisposeAsync().ConfigureAwait(false); // before the histograms are read
        await progressStop.CancelAsync();
        await progress;
        await journal;
        bool windowOpened = await window.ConfigureAwait(false);
        if (_failure is not null)
        {
            throw new InvalidOperationException($"the client failed: {_failure.Message}", _failure);
        }

        return Complete(startedUtc, windowOpened, cancelledAtDrain);
    }

    /// <summary>Runs the load model over <paramref name="steps"/> (warm-up first) until the profile ends.</summary>
    protected abstract Task RunModelAsync(List<LoadSimulation> steps);

    protected bool InMeasuredWindow(long timestamp) => timestamp >= MeasureStart && timestamp < End;

    /// <summary>The next prompt, round robin across the scenario's prompts.</summary>
    protected ChatRequest NextRequest() =>
        _chatRequests[(int)((ulong)Interlocked.Increment(ref _promptIndex) % (ulong)_chatRequests.Length)];

    /// <summary>A warm-up request ended: its share of the window is recorded, and it is evidence for <see cref="UnservableEndpoint"/>.</summary>
    protected void RecordWarmUpEnd(RequestTimeline timeline, long sequence)
    {
        Interlocked.Increment(ref _warmUpFinished);
        // Cancelled or stopped: the harness cut it off (interrupted, or the run stopped itself), not the endpoint.
        if (timeline.Outcome is not (RequestOutcome.Ok or RequestOutcome.Cancelled or RequestOutcome.Stopped))
        {
            Interlocked.Increment(ref _warmUpErrors);
        }

        Recorder.RecordWarmUpEnd(timeline);
        var verdict = _unservable.Observe(timeline, warm: true, Stopwatch.GetTimestamp(), sequence);
        timeline.Release(); // recorded: nothing reads its arrivals again
        if (verdict is not null)
        {
            Halt(verdict);
        }
    }

    /// <summary>Called by the models as time passes: stops the run once its probe window ended in nothing but permanent failures.</summary>
    protected void JudgeEndpoint()
    {
        if (!Halted && _unservable.Judge(Stopwatch.GetTimestamp()) is { } verdict)
        {
            Halt(verdict);
        }
    }

    /// <summary>
    /// Stops the run: nothing more is sent, requests in flight are cancelled (a measured one counts
    /// as stopped: the harness cut it off), and the window ends here so rates are over the time run.
    /// </summary>
    private void Halt(string verdict)
    {
        if (Interlocked.CompareExchange(ref _stoppedBecause, verdict, null) is null)
        {
            Recorder.CloseWindowAt(Stopwatch.GetTimestamp());
            // Asynchronously: this runs inside a request's completion, and cancelling runs callbacks.
            _ = _requests.CancelAsync();
        }
    }

    /// <summary>Keeps the first failure of the client or the engine; the run rethrows it at the end.</summary>
    protected void Fail(Exception ex) => _failure ??= ex;

    /// <summary>A request (<paramref name="warm"/>: a warm-up one) is about to be sent; returns its place in the send order, for <see cref="RecordEnd"/> and <see cref="RecordWarmUpEnd"/>.</summary>
    protected long RequestStarted(bool warm)
    {
        Interlocked.Increment(ref _active);
        if (warm)
        {
            Interlocked.Increment(ref _warmUpSent);
        }

        return _unservable.Start(Stopwatch.GetTimestamp());
    }

    protected void RequestEnded() => Interlocked.Decrement(ref _active);

    /// <summary>
    /// Records a measured request that ended. One cancelled because the run was interrupted, or
    /// failing in any way after the interruption (an embedded fake stopping with the process closes
    /// its connections first: ws_closed, truncated), is <see cref="RequestOutcome.Stopped"/>: the
    /// harness cut it off, the endpoint did not fail it.
    /// </summary>
    protected void RecordEnd(RequestTimeline timeline, long sequence)
    {
        long interrupted = Volatile.Read(ref _interruptedAt);
        if (Cancel.IsCancellationRequested && timeline.Outcome != RequestOutcome.Ok
            && (timeline.Outcome == RequestOutcome.Cancelled || (interrupted != 0 && timeline.End >= interrupted)))
        {
            timeline.Outcome = RequestOutcome.Stopped;
        }
        else if (timeline.Outcome == RequestOutcome.Cancelled && Halted)
        {
            timeline.Outcome = RequestOutcome.Stopped;
        }
        else if (timeline.Outcome == RequestOutcome.Cancelled && _drainExpired)
        {
            // Cut off by the engine's own limit on a slow answer: a timeout, named as the drain's.
            timeline.Outcome = RequestOutcome.Timeout;
            timeline.TimeoutPhase = TimeoutPhase.Drain;
            timeline.ErrorMessage = string.Create(CultureInfo.InvariantCulture, $"still running when the {Scenario.DrainTimeout.TotalSeconds:0.#} s drain timeout after the measured window passed");
        }

        Recorder.RecordEnd(timeline, LateTicks);
        var verdict = _unservable.Observe(timeline, warm: false, Stopwatch.GetTimestamp(), sequence);
        timeline.Release(); // recorded: nothing reads its arrivals again
        if (verdict is not null)
        {
            Halt(verdict);
        }
    }

    /// <summary>A timeline for a request cut off by cancellation.</summary>
    protected RequestTimeline Cancelled(long intended, long start, long end) =>
        new() { Transport = Scenario.Transport, IntendedStart = intended, ActualStart = start, End = end, Outcome = RequestOutcome.Cancelled };

    private LoadSeriesRun Complete(DateTimeOffset startedUtc, bool windowOpened, long cancelledAtDrain)
    {
        var (seconds, requests, outcomes, tokens, retries) = Recorder.Complete();
        var (windowTokens, windowSucceeded) = Recorder.InWindow();
        var window = Recorder.Window;
        if (Options.Journal is { } journal)
        {
            var (lastSeconds, lastRequests) = Recorder.TakeForJournal(Stopwatch.GetTimestamp(), final: true);
            journal.Append(lastSeconds, lastRequests);
        }

        var summaries = _histograms.SummariesOf(Scenario.Transport.ToName(), Scenario.LoadPointLabel);
        var agent = Options.Agent;
        var series = new SeriesResult
        {
            Transport = Scenario.Transport.ToName(),
            LoadPoint = Scenario.LoadPointLabel,
            Concurrency = IsOpen ? null : agent.Split(Scenario.Profile.PeakCopies),
            RatePerSecond = IsOpen ? Scenario.Profile.PeakRatePerSecond / agent.Count : null,
            Connections = Scenario.Connections,
            DurationSeconds = (window.End - window.Start) / (double)Stopwatch.Frequency,
            Requests = Recorder.Started,
            Outcomes = outcomes,
            LateSends = Recorder.LateSends,
            FailedConnects = Recorder.FailedConnects,
            FailedTlsHandshakes = Recorder.FailedTlsHandshakes,
            JudgedStreams = Recorder.JudgedStreams,
            BufferedStreams = Recorder.BufferedStreams,
            Tokens = tokens,
            WindowTokens = windowTokens,
            WindowSucceeded = windowSucceeded,
            TokenAccounting = Recorder.TokenAccounting,
            Retries = retries,
            Metrics = summaries,
            HarnessPauses = RuntimePauseLog.Instance.Summarize(MeasureStart, End, Recorder.RequestSamples(), Recorder.ConnectSamples()),
            FirstFailure = Recorder.FirstFailure,
            StoppedBecause = Volatile.Read(ref _stoppedBecause),
        };
        if (windowOpened && Options.WindowObserver is { } observer)
        {
            series = observer.WindowEnded(series);
        }

        return new LoadSeriesRun
        {
            Series = series,
            Histograms = _histograms,
            TimeSeries = seconds,
            Requests = requests,
            Saturation = SaturationStatus.Of([series], Scenario.SaturationThreshold.TotalMilliseconds),
            StartedUtc = startedUtc,
            EndedUtc = DateTimeOffset.UtcNow,
            Partial = Cancel.IsCancellationRequested || Halted,
            CancelledAtDrain = cancelledAtDrain,
            FirstFailure = Recorder.FirstFailure,
        };
    }

    /// <summary>Tells the window observer when warm-up ends; false when the run was cancelled first.</summary>
    private async Task<bool> NotifyWindowStartAsync()
    {
        if (Options.WindowObserver is not { } observer)
        {
            return false;
        }

        try
        {
            // Timers count whole milliseconds and may fire a little early: wait until it has passed.
            TimeSpan wait;
            while ((wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), MeasureStart)) > TimeSpan.Zero)
            {
                // Requests: cancelled too when the run stops itself in its warm-up, so it ends at once.
                await Task.Delay(wait + TimeSpan.FromMilliseconds(1), Requests).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        observer.WindowStarted();
        return true;
    }

    private IEnumerable<LoadSimulation> WarmUpSteps()
    {
        if (Scenario.WarmUp <= TimeSpan.Zero)
        {
            yield break;
        }

        var first = Scenario.Profile.Steps.First(s => s is not Pause);
        yield return first switch
        {
            OpenSimulation o => new Inject(o.Rate, o.Interval, Scenario.WarmUp, o.Arrivals),
            ClosedSimulation c => Options.Agent.Apply(new KeepConstant(Math.Max(1, c.Copies), Scenario.WarmUp)),
            _ => new Pause(Scenario.WarmUp),
        };

        // A zero-length pause: ramps in the profile start from 0, as they would without warm-up.
        yield return new Pause(TimeSpan.Zero);
    }

    private async Task WaitForStartAtAsync()
    {
        if (Options.StartAt is not { } startAt)
        {
            return;
        }

        var wait = startAt - DateTimeOffset.UtcNow;
        if (-wait > LoadRunOptions.StartAtTolerance)
        {
            throw new StartMissedException(string.Create(CultureInfo.InvariantCulture,
                $"--start-at {startAt.UtcDateTime:HH:mm:ss.f} UTC had passed {-wait.TotalSeconds:0.0} s before this agent was ready to begin (its setup took longer than the time left), so it would not run with the others; nothing measured: give a time further ahead"));
        }

        if (wait > EngineTiming.StartAtSpinWindow)
        {
            await Task.Delay(wait - (EngineTiming.StartAtSpinWindow / 2), Cancel);
        }

        while (DateTimeOffset.UtcNow < startAt)
        {
            Thread.Yield();
        }
    }

    /// <summary>
    /// Waits up to the drain timeout for requests in flight, then cancels the rest and waits for
    /// them to stop; returns how many were cancelled.
    /// </summary>
    private async Task<long> DrainAsync()
    {
        long deadline = Stopwatch.GetTimestamp() + StopwatchTicks.From(Scenario.DrainTimeout);
        Volatile.Write(ref _drainDeadline, deadline);
        while (Interlocked.Read(ref _active) > 0 && !Cancel.IsCancellationRequested && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(EngineTiming.DrainPollMs).ConfigureAwait(false);
        }

        long cancelled = Interlocked.Read(ref _active);
        if (cancelled > 0)
        {
            _drainExpired = !Cancel.IsCancellationRequested;
            await _requests.CancelAsync();
            long hardStop = Stopwatch.GetTimestamp() + StopwatchTicks.From(EngineTiming.CancelledRequestsStopTimeout);
            while (Interlocked.Read(ref _active) > 0 && Stopwatch.GetTimestamp() < hardStop)
            {
                await Task.Delay(EngineTiming.DrainPollMs).ConfigureAwait(false);
            }
        }

        long copiesStop = Stopwatch.GetTimestamp() + StopwatchTicks.From(EngineTiming.CopiesStopTimeout);
        while (!CopiesStopped && Stopwatch.GetTimestamp() < copiesStop)
        {
            await Task.Delay(EngineTiming.DrainPollMs).ConfigureAwait(false);
        }

        return cancelled;
    }

    /// <summary>Hands new rows to <see cref="LoadRunOptions.Journal"/> every <see cref="EngineTiming.JournalInterval"/> until <paramref name="stop"/>.</summary>
    private async Task JournalAsync(CancellationToken stop)
    {
        if (Options.Journal is not { } journal)
        {
            return;
        }

        using var timer = new PeriodicTimer(EngineTiming.JournalInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                var (seconds, requests) = Recorder.TakeForJournal(Stopwatch.GetTimestamp(), final: false);
                if (seconds.Count > 0 || requests.Count > 0)
                {
                    journal.Append(seconds, requests);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Whether the progress line at <paramref name="elapsed"/> says "warm-up": when the second it
    /// reports ended within the warm-up, judged by the time the line prints (tenths of a second).
    /// The once-a-second timer fires a millisecond either side of the warm-up's end, so judged by
    /// the clock the same "2.0s" line after a 2 s warm-up was labelled on one transport and not on
    /// the next.
    /// </summary>
    internal static bool IsWarmUpLine(TimeSpan elapsed, TimeSpan warmUp) =>
        warmUp > TimeSpan.Zero && Math.Round(elapsed.TotalSeconds, 1) <= warmUp.TotalSeconds;

    private async Task ReportProgressAsync(CancellationToken stop)
    {
        if (Options.Progress is not { } report)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        long lastFinished = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                long now = Stopwatch.GetTimestamp();
                long finished = Recorder.Finished;
                var elapsed = Stopwatch.GetElapsedTime(RunStart, now);
                var snapshot = Recorder.Snapshot(elapsed, IsWarmUpLine(elapsed, Scenario.WarmUp), Interlocked.Read(ref _active), finished - lastFinished) with
                {
                    WarmUp = Scenario.WarmUp,
                    WarmUpSent = Interlocked.Read(ref _warmUpSent),
                    WarmUpFinished = Interlocked.Read(ref _warmUpFinished),
                    WarmUpErrors = Interlocked.Read(ref _warmUpErrors),
                };
                long drainDeadline = Volatile.Read(ref _drainDeadline);
                report(drainDeadline == 0 ? snapshot : snapshot with { DrainLeft = Stopwatch.GetElapsedTime(now, Math.Max(now, drainDeadline)) });
                lastFinished = finished;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
