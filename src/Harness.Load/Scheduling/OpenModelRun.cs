using System.Diagnostics;
using Harness.Clients;
using Harness.Core;
using Harness.Load.Results;
using Harness.Load.Simulations;

namespace Harness.Load.Scheduling;

/// <summary>
/// The open model: one dispatcher thread sleeps until each intended start of the
/// <see cref="ArrivalSchedule"/> and hands the request to the thread pool without waiting for
/// earlier ones, so a slow server never slows the arrivals. Latencies run from the intended start;
/// pool pickup after it is the engine's own lag (<see cref="MetricNames.StartDelay"/>).
/// </summary>
internal sealed class OpenModelRun : LoadRun
{
    private readonly SemaphoreSlim? _slots;

    public OpenModelRun(LoadScenario scenario, IChatStreamClient client, LoadRunOptions options, CancellationToken cancel)
        : base(scenario, client, options, cancel)
    {
        _slots = scenario.MaxInFlight > 0 ? new SemaphoreSlim(scenario.MaxInFlight, scenario.MaxInFlight) : null;
    }

    protected override bool IsOpen => true;

    protected override Task RunModelAsync(List<LoadSimulation> steps)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatcher = new Thread(() => Dispatch(steps, done))
        {
            IsBackground = true,
            Name = "load-dispatcher",
            Priority = ThreadPriority.Highest,
        };
        dispatcher.Start();
        return done.Task;
    }

    private void Dispatch(List<LoadSimulation> steps, TaskCompletionSource done)
    {
        try
        {
            var schedule = new ArrivalSchedule(steps, Scenario.Seed);
            double warmUpSeconds = Scenario.WarmUp.TotalSeconds;
            long index = 0, measured = 0;
            while (!Cancel.IsCancellationRequested && !Halted && schedule.TryNext(out double offset))
            {
                JudgeEndpoint();
                long arrival = index++;
                bool warm = offset < warmUpSeconds;
                // The cap counts the shared schedule, so N agents together send exactly MaxRequests.
                if (!warm && measured++ >= Scenario.MaxRequests)
                {
                    break;
                }

                if (!Options.Agent.Owns(arrival))
                {
                    continue;
                }

                long intended = RunStart + (long)(offset * Stopwatch.Frequency);
                // A late wake-up is measured as start delay, never hidden.
                // Requests: cancelled by the caller, or when the run stops itself (an endpoint that cannot serve).
                if (!ClockSleep.Until(intended, Requests) || Halted)
                {
                    break;
                }

                long sequence = RequestStarted(warm);
                ThreadPool.UnsafeQueueUserWorkItem(static s => _ = s.Run.SendAsync(s.Intended, s.Warm, s.Sequence), new Arrival(this, intended, warm, sequence), preferLocal: false);
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
    }

    private async Task SendAsync(long intended, bool warm, long sequence)
    {
        long begin = Stopwatch.GetTimestamp();
        bool slot = false;
        try
        {
            if (!warm)
            {
                Recorder.RecordStart(intended, begin - intended);
            }

            if (_slots is not null)
            {
                // The clock already runs from the intended start: waiting for a slot is latency.
                await _slots.WaitAsync(Requests).ConfigureAwait(false);
                slot = true;
            }

            var timeline = await Client.StreamAsync(NextRequest(), intended, null, Requests).ConfigureAwait(false);
            if (!warm)
            {
                RecordEnd(timeline, sequence);
            }
            else
            {
                RecordWarmUpEnd(timeline, sequence);
            }
        }
        catch (OperationCanceledException)
        {
            long now = Stopwatch.GetTimestamp();
            if (!warm)
            {
                RecordEnd(Cancelled(intended, now, now), sequence);
            }
            else
            {
                RecordWarmUpEnd(Cancelled(intended, now, now), sequence);
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
        finally
        {
            if (slot)
            {
                _slots!.Release();
            }

            RequestEnded();
        }
    }

    private sealed record Arrival(OpenModelRun Run, long Intended, bool Warm, long Sequence);
}
