using System.Diagnostics;
using Harness.Clients;
using Harness.Load.Simulations;

namespace Harness.Load.Scheduling;

/// <summary>
/// The closed model: a controller keeps the profile's number of copies running, each an async loop
/// sending its next request when the previous one ends. There is no intended start per request;
/// the engine's lag is sampled by a thread-pool probe instead (<see cref="StartLagProbe"/>).
/// </summary>
internal sealed class ClosedModelRun : LoadRun
{
    private readonly long _localMaxRequests;
    private long _measuredStarted;
    private volatile bool _noMore;
    private volatile int _targetCopies;
    private int[] _copyRunning = [];

    public ClosedModelRun(LoadScenario scenario, IChatStreamClient client, LoadRunOptions options, CancellationToken cancel)
        : base(scenario, client, options, cancel)
    {
        _localMaxRequests = options.Agent.Split(scenario.MaxRequests);
    }

    protected override bool IsOpen => false;

    protected override bool CopiesStopped
    {
        get
        {
            for (int i = 0; i < _copyRunning.Length; i++)
            {
                if (Volatile.Read(ref _copyRunning[i]) != 0)
                {
                    return false;
                }
            }

            return true;
        }
    }

    protected override async Task RunModelAsync(List<LoadSimulation> steps)
    {
        int peak = steps.OfType<ClosedSimulation>().Select(s => s.Copies).DefaultIfEmpty(0).Max();
        _copyRunning = new int[peak];
        var probe = StartLagProbe();
        try
        {
            while (!Cancel.IsCancellationRequested && !_noMore && !Halted)
            {
                JudgeEndpoint();
                long now = Stopwatch.GetTimestamp();
                if (now >= End)
                {
                    break;
                }

                int target = TargetCopies(steps, (now - RunStart) / (double)Stopwatch.Frequency);
                _targetCopies = target;
                for (int i = 0; i < target; i++)
                {
                    if (Interlocked.CompareExchange(ref _copyRunning[i], 1, 0) == 0)
                    {
                        int index = i;
                        _ = Task.Run(() => CopyAsync(index));
                    }
                }

                await Task.Delay(EngineTiming.CopyControlIntervalMs, Cancel).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }

        _noMore = true;
        await probe.ConfigureAwait(false);
    }

    /// <summary>The copies a profile asks for <paramref name="at"/> seconds into the run (ramps interpolate).</summary>
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

    /// <summary>
    /// Every few milliseconds a stamped work item goes to the thread pool; how late it runs is the
    /// delay any copy's next request would see, the engine's own lag (samples queued in the measured
    /// window). The probe runs on its own thread, so a starved pool cannot keep it from sampling.
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
                while (!_noMore && !Cancel.IsCancellationRequested)
                {
                    ran.Reset();
                    long queued = Stopwatch.GetTimestamp();
                    ThreadPool.UnsafeQueueUserWorkItem<object?>(_ => { Volatile.Write(ref at, Stopwatch.GetTimestamp()); ran.Set(); }, null, preferLocal: false);
                    ran.Wait(); // however late: the run's drain needs the pool too
                    if (InMeasuredWindow(queued))
                    {
                        Recorder.RecordLag(Volatile.Read(ref at) - queued);
                    }

                    Thread.Sleep(EngineTiming.ThreadPoolLagProbeIntervalMs);
                }
            }
            catch (Exception ex)
            {
                Fail(ex);
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

    /// <summary>One copy: requests back to back while the profile wants copy <paramref name="index"/>.</summary>
    private async Task CopyAsync(int index)
    {
        try
        {
            while (!_noMore && !Cancel.IsCancellationRequested && !Halted && index < _targetCopies)
            {
                long now = Stopwatch.GetTimestamp();
                if (now >= End)
                {
                    break;
                }

                bool warm = now < MeasureStart;
                if (!warm)
                {
                    if (Interlocked.Increment(ref _measuredStarted) > _localMaxRequests)
                    {
                        _noMore = true;
                        break;
                    }

                    Recorder.RecordStart(now, lagTicks: -1);
                }

                long sequence = RequestStarted(warm);
                RequestTimeline timeline;
                try
                {
                    timeline = await Client.StreamAsync(NextRequest(), 0, null, Requests).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    timeline = Cancelled(0, now, Stopwatch.GetTimestamp());
                }
                finally
                {
                    RequestEnded();
                }

                if (!warm)
                {
                    RecordEnd(timeline, sequence);
                }
                else
                {
                    RecordWarmUpEnd(timeline, sequence);
                }
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
        finally
        {
            Volatile.Write(ref _copyRunning[index], 0);
        }
    }
}
