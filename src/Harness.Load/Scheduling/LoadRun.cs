using System.Diagnostics;
using Harness.Clients;
using Harness.Load.Results;
using Harness.Load.Simulations;

namespace Harness.Load.Scheduling;

/// <summary>
/// One execution of a scenario. The open model has one dispatcher thread that sleeps until each
/// intended start and hands the request to the thread pool without waiting for earlier ones; the
/// closed model has one async loop per copy. Both record the engine's own lag: pool pickup or
/// dispatch after the intended moment as <see cref="MetricNames.StartDelay"/>, and how late a
/// socket read is handled (<see cref="ReadLagProbe"/>) as <see cref="MetricNames.ReadDelay"/>.
/// </summary>
internal sealed class LoadRun
{
    private static readonly long s_ticksPerMs = Stopwatch.Frequency / 1000;

    private readonly LoadScenario _scenario;
    private readonly IChatStreamClient _client;
    private readonly LoadRunOptions _options;
    private readonly CancellationToken _cancel;
    private readonly CancellationTokenSource _requests;
    private readonly HistogramSet _histograms = new();
    private readonly ChatRequest[] _chatRequests;
    private readonly SemaphoreSlim? _slots;
    private readonly bool _open;
    private readonly long _lateTicks;
    private SeriesRecorder _recorder = null!;
    private long _runStart, _measureStart, _end;
    private long _active, _promptIndex, _measuredStarted, _localMaxRequests;
    private volatile bool _noMore;
    private volatile int _targetCopies;
    private int[] _workerRunning = [];
    private Exception? _failure;

    public LoadRun(LoadScenario scenario, IChatStreamClient client, LoadRunOptions options, CancellationToken cancel)
    {
        _scenario = scenario;
        _client = client;
        _options = options;
        _cancel = cancel;
        _requests = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        _open = scenario.Profile.Model == LoadModel.Open;
        _lateTicks = (long)(scenario.LateSendThreshold.TotalSeconds * Stopwatch.Frequency);
        _slots = _open && scenario.MaxInFlight > 0 ? new SemaphoreSlim(scenario.MaxInFlight, scenario.MaxInFlight) : null;
        _chatRequests = scenario.Prompts.Select(p => new ChatRequest
        {
            Model = scenario.Model,
            Messages = [new ChatMessage("user", p)],
            Headers = scenario.Headers,
            MaxTokens = scenario.MaxTokens,
        }).ToArray();
    }

    public async Task<LoadSeriesRun> ExecuteAsync()
    {
        await WaitForStartAtAsync();
        var warmUp = _scenario.WarmUp;
        _runStart = Stopwatch.GetTimestamp();
        _measureStart = _runStart + Ticks(warmUp);
        _end = _measureStart + Ticks(_scenario.Profile.Duration);
        var startedUtc = DateTimeOffset.UtcNow + warmUp;
        string transport = _scenario.Transport.ToName();
        string loadPoint = _scenario.LoadPointLabel;
        _recorder = new SeriesRecorder(_histograms, transport, loadPoint, _open, _measureStart, _options.MaxRequestRows);
        using var progressStop = new CancellationTokenSource();
        var progress = ReportProgressAsync(progressStop.Token);
        await using var readProbe = await ReadLagProbe.StartAsync(TimeSpan.FromMilliseconds(5), (sent, lag) =>
        {
            if (sent >= _measureStart && sent < _end)
            {
                _recorder.RecordReadLag(lag);
            }
        }).ConfigureAwait(false);

        var window = NotifyWindowStartAsync();
        var steps = WarmUpSteps().Concat(_scenario.Profile.Steps.Select(_options.Agent.Apply)).ToList();
        if (_open)
        {
            _localMaxRequests = _scenario.MaxRequests;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var dispatcher = new Thread(() => Dispatch(steps, done))
            {
                IsBackground = true,
                Name = "load-dispatcher",
                Priority = ThreadPriority.Highest,
            };
            dispatcher.Start();
            await done.Task;
        }
        else
        {
            _localMaxRequests = _options.Agent.Split(_scenario.MaxRequests);
            await ControlClosedAsync(steps);
        }

        long cancelledAtDrain = await DrainAsync();
        await readProbe.DisposeAsync().ConfigureAwait(false); // before the histograms are read
        await progressStop.CancelAsync();
        await progress;
        bool windowOpened = await window.ConfigureAwait(false);
        if (_failure is not null)
        {
            throw new InvalidOperationException($"the client failed: {_failure.Message}", _failure);
        }

        var (seconds, requests, outcomes, tokens, retries) = _recorder.Complete();
        var summaries = new Dictionary<string, MetricSummary>(StringComparer.Ordinal);
        foreach (string tag in _histograms.Tags)
        {
            var histogram = _histograms.Find(tag)!;
            if (histogram.TotalCount > 0)
            {
                string metric = tag[(tag.LastIndexOf(':') + 1)..];
                summaries[metric] = HistogramSet.Summarize(histogram, metric);
            }
        }

        double lagP99 = SaturationStatus.LagP99Of(summaries);
        double threshold = _scenario.SaturationThreshold.TotalMilliseconds;
        var agent = _options.Agent;
        var series = new SeriesResult
        {
            Transport = transport,
            LoadPoint = loadPoint,
            Concurrency = _open ? null : agent.Split(_scenario.Profile.PeakCopies),
            RatePerSecond = _open ? _scenario.Profile.PeakRatePerSecond / agent.Count : null,
            Connections = _scenario.Connections,
            DurationSeconds = _scenario.Profile.Duration.TotalSeconds,
            Requests = _recorder.Started,
            Outcomes = outcomes,
            LateSends = _recorder.LateSends,
            Tokens = tokens,
            Retries = retries,
            Metrics = summaries,
        };
        if (windowOpened && _options.WindowObserver is { } observer)
        {
            series = observer.WindowEnded(series);
        }

        return new LoadSeriesRun
        {
            Series = series,
            Histograms = _histograms,
            TimeSeries = seconds,
            Requests = requests,
            Saturation = new SaturationStatus { LagP99Ms = lagP99, ThresholdMs = threshold, Saturated = lagP99 > threshold },
            StartedUtc = startedUtc,
            EndedUtc = DateTimeOffset.UtcNow,
            Partial = _cancel.IsCancellationRequested,
            CancelledAtDrain = cancelledAtDrain,
        };
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Tells the window observer when warm-up ends; false when the run was cancelled first.</summary>
    private async Task<bool> NotifyWindowStartAsync()
    {
        if (_options.WindowObserver is not { } observer)
        {
            return false;
        }

        try
        {
            // Timers count whole milliseconds and may fire a little early: wait until it has passed.
            TimeSpan wait;
            while ((wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _measureStart)) > TimeSpan.Zero)
            {
                await Task.Delay(wait + TimeSpan.FromMilliseconds(1), _cancel).ConfigureAwait(false);
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
        if (_scenario.WarmUp <= TimeSpan.Zero)
        {
            yield break;
        }

        var first = _scenario.Profile.Steps.First(s => s is not Pause);
        yield return first switch
        {
            OpenSimulation o => new Inject(o.Rate, o.Interval, _scenario.WarmUp, o.Arrivals),
            ClosedSimulation c => _options.Agent.Apply(new KeepConstant(Math.Max(1, c.Copies), _scenario.WarmUp)),
            _ => new Pause(_scenario.WarmUp),
        };

        // A zero-length pause: ramps in the profile start from 0, as they would without warm-up.
        yield return new Pause(TimeSpan.Zero);
    }

    private async Task WaitForStartAtAsync()
    {
        if (_options.StartAt is not { } startAt)
        {
            return;
        }

        var wait = startAt - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.FromMilliseconds(2))
        {
            await Task.Delay(wait - TimeSpan.FromMilliseconds(1), _cancel);
        }

        while (DateTimeOffset.UtcNow < startAt)
        {
            Thread.Yield();
        }
    }

    private ChatRequest NextRequest() =>
        _chatRequests[(int)((ulong)Interlocked.Increment(ref _promptIndex) % (ulong)_chatRequests.Length)];

    // ---- open model ----

    private void Dispatch(List<LoadSimulation> steps, TaskCompletionSource done)
    {
        try
        {
            var schedule = new ArrivalSchedule(steps, _scenario.Seed);
            double warmUpSeconds = _scenario.WarmUp.TotalSeconds;
            long index = 0, measured = 0;
            while (!_cancel.IsCancellationRequested && schedule.TryNext(out double offset))
            {
                long arrival = index++;
                bool warm = offset < warmUpSeconds;
                // The cap counts the shared schedule, so N agents together send exactly MaxRequests.
                if (!warm && measured++ >= _scenario.MaxRequests)
                {
                    break;
                }

                if (!_options.Agent.Owns(arrival))
                {
                    continue;
                }

                long intended = _runStart + (long)(offset * Stopwatch.Frequency);
                if (!SleepUntil(intended))
                {
                    break;
                }

                Interlocked.Increment(ref _active);
                ThreadPool.UnsafeQueueUserWorkItem(static s => _ = s.Run.RunOpenAsync(s.Intended, s.Warm), new OpenStart(this, intended, warm), preferLocal: false);
            }
        }
        catch (Exception ex)
        {
            _failure ??= ex;
        }
        finally
        {
            done.TrySetResult();
        }
    }

    /// <summary>
    /// Coarse sleep (Thread.Sleep wakes ~0.1 ms late on Linux, more under load) until ~1.5 ms before
    /// the target, then yield until it passes: late wake-ups are measured, never hidden.
    /// </summary>
    private bool SleepUntil(long target)
    {
        while (true)
        {
            if (_cancel.IsCancellationRequested)
            {
                return false;
            }

            long remaining = target - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return true;
            }

            if (remaining > 2 * s_ticksPerMs)
            {
                Thread.Sleep((int)Math.Min(50, (remaining - (s_ticksPerMs * 3 / 2)) / s_ticksPerMs));
            }
            else
            {
                Thread.Yield();
            }
        }
    }

    private async Task RunOpenAsync(long intended, bool warm)
    {
        long begin = Stopwatch.GetTimestamp();
        bool slot = false;
        try
        {
            if (!warm)
            {
                _recorder.RecordStart(intended, begin - intended);
            }

            if (_slots is not null)
            {
                // The clock already runs from the intended start: waiting for a slot is latency.
                await _slots.WaitAsync(_requests.Token).ConfigureAwait(false);
                slot = true;
            }

            var timeline = await _client.StreamAsync(NextRequest(), intended, null, _requests.Token).ConfigureAwait(false);
            if (!warm)
            {
                _recorder.RecordEnd(timeline, _lateTicks);
            }
        }
        catch (OperationCanceledException)
        {
            if (!warm)
            {
                long now = Stopwatch.GetTimestamp();
                _recorder.RecordEnd(new RequestTimeline { Transport = _scenario.Transport, IntendedStart = intended, ActualStart = now, End = now, Outcome = RequestOutcome.Cancelled }, _lateTicks);
            }
        }
        catch (Exception ex)
        {
            _failure ??= ex;
        }
        finally
        {
            if (slot)
            {
                _slots!.Release();
            }

            Interlocked.Decrement(ref _active);
        }
    }

    // ---- closed model ----

    private async Task ControlClosedAsync(List<LoadSimulation> steps)
    {
        int peak = steps.OfType<ClosedSimulation>().Select(s => s.Copies).DefaultIfEmpty(0).Max();
        _workerRunning = new int[peak];
        var workers = new List<Task>();
        var probe = StartLagProbe();
        try
        {
            while (!_cancel.IsCancellationRequested && !_noMore)
            {
                long now = Stopwatch.GetTimestamp();
                if (now >= _end)
                {
                    break;
                }

                int target = TargetCopies(steps, (now - _runStart) / (double)Stopwatch.Frequency);
                _targetCopies = target;
                for (int i = 0; i < target; i++)
                {
                    if (Interlocked.CompareExchange(ref _workerRunning[i], 1, 0) == 0)
                    {
                        int index = i;
                        workers.Add(Task.Run(() => WorkAsync(index)));
                    }
                }

                await Task.Delay(10, _cancel).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }

        _noMore = true;
        await probe.ConfigureAwait(false);
        _ = Task.WhenAll(workers);
    }

    /// <summary>
    /// Closed model: every 5 ms a stamped work item goes to the thread pool; how late it runs is the
    /// delay any copy's next request would see, the engine's own lag (samples queued in the measured
    /// window). The probe runs on its own thread: started from the pool, a starved pool kept it from
    /// starting at all, and a run whose pool was starved throughout had no lag samples.
    /// </summary>
    private Task StartLagProbe()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                using var ran = new ManualResetEventSlim();
                long at = 0;
                while (!_noMore && !_cancel.IsCancellationRequested)
                {
                    ran.Reset();
                    long queued = Stopwatch.GetTimestamp();
                    ThreadPool.UnsafeQueueUserWorkItem<object?>(_ => { Volatile.Write(ref at, Stopwatch.GetTimestamp()); ran.Set(); }, null, preferLocal: false);
                    ran.Wait(); // however late: the run's drain needs the pool too
                    if (queued >= _measureStart && queued < _end)
                    {
                        _recorder.RecordLag(Volatile.Read(ref at) - queued);
                    }

                    Thread.Sleep(5);
                }
            }
            catch (Exception ex)
            {
                _failure ??= ex;
            }
            finally
            {
                done.TrySetResult();
            }
        })
        {
            IsBackground = true,
            Name = "load-lag-probe",
        };
        thread.Start();
        return done.Task;
    }

    private static int TargetCopies(List<LoadSimulation> steps, double at)
    {
        double start = 0, previous = 0;
        foreach (var step in steps)
        {
            double during = step.During.TotalSeconds;
            double end = step switch { ClosedSimulation c => c.Copies, _ => 0 };
            if (at < start + during)
            {
                return step is RampingConstant
                    ? (int)Math.Round(previous + ((end - previous) * (at - start) / during))
                    : (int)end;
            }

            start += during;
            previous = end;
        }

        return 0;
    }

    private async Task WorkAsync(int index)
    {
        try
        {
            while (!_noMore && !_cancel.IsCancellationRequested && index < _targetCopies)
            {
                long now = Stopwatch.GetTimestamp();
                if (now >= _end)
                {
                    break;
                }

                bool warm = now < _measureStart;
                if (!warm)
                {
                    if (Interlocked.Increment(ref _measuredStarted) > _localMaxRequests)
                    {
                        _noMore = true;
                        break;
                    }

                    // Closed model: no intended start per request; the lag is sampled by StartLagProbe.
                    _recorder.RecordStart(now, lagTicks: -1);
                }

                Interlocked.Increment(ref _active);
                RequestTimeline timeline;
                try
                {
                    timeline = await _client.StreamAsync(NextRequest(), 0, null, _requests.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    long at = Stopwatch.GetTimestamp();
                    timeline = new RequestTimeline { Transport = _scenario.Transport, ActualStart = now, End = at, Outcome = RequestOutcome.Cancelled };
                }
                finally
                {
                    Interlocked.Decrement(ref _active);
                }

                if (!warm)
                {
                    _recorder.RecordEnd(timeline, _lateTicks);
                }
            }
        }
        catch (Exception ex)
        {
            _failure ??= ex;
        }
        finally
        {
            Volatile.Write(ref _workerRunning[index], 0);
        }
    }

    // ---- end of run ----

    private async Task<long> DrainAsync()
    {
        long deadline = Stopwatch.GetTimestamp() + Ticks(_scenario.DrainTimeout);
        while (Interlocked.Read(ref _active) > 0 && !_cancel.IsCancellationRequested && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(5).ConfigureAwait(false);
        }

        long cancelled = Interlocked.Read(ref _active);
        if (cancelled > 0)
        {
            await _requests.CancelAsync();
            long hardStop = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
            while (Interlocked.Read(ref _active) > 0 && Stopwatch.GetTimestamp() < hardStop)
            {
                await Task.Delay(5).ConfigureAwait(false);
            }
        }

        // Closed workers may still be between requests; give them a moment to see _noMore.
        long workersStop = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
        while (_workerRunning.Any(w => Volatile.Read(ref w) != 0) && Stopwatch.GetTimestamp() < workersStop)
        {
            await Task.Delay(5).ConfigureAwait(false);
        }

        return cancelled;
    }

    private async Task ReportProgressAsync(CancellationToken stop)
    {
        if (_options.Progress is not { } report)
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
                long finished = _recorder.Finished;
                report(_recorder.Snapshot(Stopwatch.GetElapsedTime(_runStart, now), now < _measureStart, Interlocked.Read(ref _active), finished - lastFinished));
                lastFinished = finished;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed record OpenStart(LoadRun Run, long Intended, bool Warm);
}
