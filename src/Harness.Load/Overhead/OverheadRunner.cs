using System.Diagnostics;
using Harness.Clients;
using Harness.Core;
using Harness.Load.Scheduling;

namespace Harness.Load.Overhead;

/// <summary>
/// Measures what a relay adds: the same requests through a direct endpoint and through the relay,
/// in pairs, one after the other in a seeded random order (<see cref="PairOrder"/>), so drift of the
/// machine or the upstream during the run hits both sides alike and each pair is a like-for-like
/// comparison. The two requests of a pair never overlap, so neither competes with the other for the
/// upstream. Each request is timed from its own send.
/// </summary>
public static class OverheadRunner
{
    /// <summary>
    /// Runs <paramref name="plan"/> with clients from the two factories (one client per endpoint for
    /// the run; one per request with <see cref="OverheadPlan.Cold"/>). Cancellation ends the run early
    /// and returns what finished, marked <see cref="OverheadSamples.Partial"/>.
    /// </summary>
    public static async Task<OverheadSamples> RunAsync(
        OverheadPlan plan, Func<IChatStreamClient> direct, Func<IChatStreamClient> via, Action<OverheadProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(direct);
        ArgumentNullException.ThrowIfNull(via);
        plan.Validate();
        var samples = new OverheadSamples(plan.Transport, plan.LoadPoint, plan.Cold);
        var pauses = RuntimePauseLog.CollectBeforeMeasuring();
        await using var lag = await ReadLagMonitor.StartAsync(EngineTiming.ReadLagProbeInterval).ConfigureAwait(false);
        long started = Stopwatch.GetTimestamp();
        await using var directClient = plan.Cold ? new ColdConnectionClient(plan.Transport, direct) : direct();
        await using var viaClient = plan.Cold ? new ColdConnectionClient(plan.Transport, via) : via();
        var clock = Stopwatch.StartNew();
        using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reporter = progress is null ? Task.CompletedTask : ReportAsync(samples, clock, plan.ProgressInterval, progress, progressStop.Token);
        // Linked: the run also stops itself when an endpoint cannot serve it (UnservableEndpoint).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var run = new PairedRun(plan, samples, directClient, viaClient, clock, stop);
        try
        {
            await (plan.RatePerSecond is double rate ? run.OpenAsync(rate) : run.ClosedAsync()).ConfigureAwait(false);
        }
        finally
        {
            await progressStop.CancelAsync().ConfigureAwait(false);
            await reporter.ConfigureAwait(false);
        }

        long ended = Stopwatch.GetTimestamp();
        if (pauses.Settled(started, ended) is { } settled)
        {
            samples.JudgePauses(settled, started, ended, MachinePauseProbe.Instance.Running);
        }

        samples.Resolution = await lag.StopAsync().ConfigureAwait(false);
        samples.Elapsed = clock.Elapsed;
        samples.Partial = cancellationToken.IsCancellationRequested || samples.StoppedBecause is not null;
        return samples;
    }

    private static async Task ReportAsync(OverheadSamples samples, Stopwatch clock, TimeSpan interval, Action<OverheadProgress> progress, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                progress(samples.Snapshot(clock.Elapsed));
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }

    /// <summary>One run's shared state: the next pair index and where pairs are recorded.</summary>
    private sealed class PairedRun(OverheadPlan plan, OverheadSamples samples, IChatStreamClient direct, IChatStreamClient via, Stopwatch clock, CancellationTokenSource stop)
    {
        private readonly CancellationToken ct = stop.Token;
        // One rule per endpoint: either one refusing every request leaves no overhead to measure.
        private readonly UnservableEndpoint _directCheck = new(Stopwatch.GetTimestamp() + StopwatchTicks.From(UnservableEndpoint.ProbeWithoutWarmUp), "direct requests");
        private readonly UnservableEndpoint _viaCheck = new(Stopwatch.GetTimestamp() + StopwatchTicks.From(UnservableEndpoint.ProbeWithoutWarmUp), "requests through the relay");
        private long _next = -1;
        private int _inFlight;

        /// <summary>Closed model: each worker runs pairs back to back until the duration or the pair budget is spent.</summary>
        public Task ClosedAsync() => Task.WhenAll(Enumerable.Range(0, plan.Concurrency).Select(_ => Task.Run(async () =>
        {
            while (!ct.IsCancellationRequested && clock.Elapsed < plan.Duration)
            {
                long index = Interlocked.Increment(ref _next);
                if (index - plan.WarmUpPairs >= plan.MaxPairs)
                {
                    return;
                }

                await RunPairAsync(index).ConfigureAwait(false);
            }
        })));

        /// <summary>Open model: pair k starts k / rate seconds in, whatever is in flight (bounded, skips counted).</summary>
        public async Task OpenAsync(double rate)
        {
            var pairs = new List<Task>();
            for (long index = 0; !ct.IsCancellationRequested && index - plan.WarmUpPairs < plan.MaxPairs; index++)
            {
                var due = TimeSpan.FromSeconds(index / rate);
                if (due >= plan.Duration)
                {
                    break;
                }

                if (due > clock.Elapsed)
                {
                    try
                    {
                        await Task.Delay(due - clock.Elapsed, ct).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }

                if (Volatile.Read(ref _inFlight) >= plan.MaxInFlightPairs)
                {
                    samples.RecordSkipped();
                    continue;
                }

                Interlocked.Increment(ref _inFlight);
                long pair = index;
                pairs.Add(Task.Run(async () =>
                {
                    try
                    {
                        await RunPairAsync(pair).ConfigureAwait(false);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _inFlight);
                    }
                }));
            }

            await Task.WhenAll(pairs).ConfigureAwait(false);
        }

        private async Task RunPairAsync(long index)
        {
            long started = Stopwatch.GetTimestamp();
            long viaSequence = _viaCheck.Start(started), directSequence = _directCheck.Start(started);
            bool viaFirst = PairOrder.ViaFirst(plan.Seed, index);
            var request = plan.Requests[(int)(index % plan.Requests.Count)];
            var first = await (viaFirst ? via : direct).StreamAsync(request, 0, null, ct).ConfigureAwait(false);
            var second = await (viaFirst ? direct : via).StreamAsync(request, 0, null, ct).ConfigureAwait(false);
            bool warm = index < plan.WarmUpPairs;
            long now = Stopwatch.GetTimestamp();
            if ((_viaCheck.Observe(viaFirst ? first : second, warm, now, viaSequence) ?? _directCheck.Observe(viaFirst ? second : first, warm, now, directSequence)) is { } verdict)
            {
                samples.Stop(verdict);
                await stop.CancelAsync().ConfigureAwait(false);
            }

            // A pair cut by cancellation compares a whole request with a cut one: not a measurement.
            if (index >= plan.WarmUpPairs && !ct.IsCancellationRequested)
            {
                samples.Record(viaFirst ? second : first, viaFirst ? first : second, viaFirst);
            }
        }
    }
}
