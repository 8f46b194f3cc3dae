using Harness.Clients;
using Harness.Load.Results;

namespace Harness.Load;

/// <summary>
/// Runs a <see cref="ComparisonPlan"/> load point by load point, each in its interleaved rounds, and
/// returns one series per (load point, transport) with its rounds merged (<see cref="SeriesRounds"/>);
/// on cancellation returns what was measured. A transport whose endpoint a series found unable to
/// serve (<see cref="Results.SeriesResult.StoppedBecause"/>) runs no further rounds or load points.
/// A round in which the machine stood still (<see cref="MachineStall"/>) is measured again (up to
/// <see cref="MaxAttempts"/> times in all), each stalled measurement set aside (<see cref="SetAsideRound"/>): a stall reaches every request in flight,
/// so it would make that round's tail the machine's, and whichever transport it fell on look slower.
/// </summary>
public static class ComparisonRunner
{
    /// <summary>
    /// Runs every block with a client from <paramref name="clientFactory"/>: one client per transport
    /// and load point, kept across its rounds (series do not share warm connections; with
    /// <see cref="ComparisonPlan.Cold"/> one per request). With a <paramref name="primer"/>, each
    /// transport's first block is preceded by its JIT priming.
    /// </summary>
    public static async Task<List<LoadSeriesRun>> RunAsync(ComparisonPlan plan, Func<Transport, IChatStreamClient> clientFactory, LoadRunOptions options, CancellationToken cancellationToken, JitPrimer? primer = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(clientFactory);
        ArgumentOutOfRangeException.ThrowIfLessThan(plan.Rounds, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(plan.Rounds, ComparisonPlan.MaxRounds);
        plan.Scenarios().ToList().ForEach(s => s.Validate());
        var runs = new List<LoadSeriesRun>();
        // Transports whose endpoint could not serve a series: asking again at any load would only hammer it.
        var unservable = new HashSet<Transport>();
        int block = 0;
        foreach (var (concurrency, rate) in plan.LoadPoints())
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            var clients = new Dictionary<Transport, IChatStreamClient>();
            var rounds = plan.Transports.ToDictionary(t => t, _ => new List<LoadSeriesRun>());
            var setAside = plan.Transports.ToDictionary(t => t, _ => new List<SetAsideRound>());
            var nextSecond = new Dictionary<Transport, int>();
            try
            {
                for (int round = 1; round <= plan.Rounds && !cancellationToken.IsCancellationRequested; round++)
                {
                    foreach (var transport in plan.TransportsIn(round))
                    {
                        if (cancellationToken.IsCancellationRequested)
                        {
                            break;
                        }

                        if (unservable.Contains(transport))
                        {
                            continue;
                        }

                        var scenario = plan.ScenarioFor(transport, concurrency, rate);
                        if (!clients.TryGetValue(transport, out var client))
                        {
                            clients[transport] = client = plan.Cold
                                ? new ColdConnectionClient(transport, () => clientFactory(transport))
                                : clientFactory(transport);
                        }

                        var runOptions = options with
                        {
                            WindowOffset = TimeSpan.FromSeconds(nextSecond.GetValueOrDefault(transport)),
                            Progress = WithRound(options.Progress, round, plan.Rounds),
                        };
                        if (options.StartAt is { } startAt && block > 0)
                        {
                            // Agents stay aligned block by block: each block starts a fixed slot after the
                            // first. A block that overran its slot starts the next at once: its earlier
                            // blocks were measured together, and merge judges the overlap.
                            var blockStart = startAt + (block * SlotOf(plan));
                            runOptions = runOptions with { StartAt = DateTimeOffset.UtcNow - blockStart > LoadRunOptions.StartAtTolerance ? null : blockStart };
                        }

                        if (primer is not null)
                        {
                            await primer.PrimeAsync(scenario, client, options, cancellationToken).ConfigureAwait(false);
                        }

                        var run = await LoadEngine.RunAsync(scenario, client, runOptions, cancellationToken).ConfigureAwait(false);
                        for (int attempt = 2; attempt <= MaxAttempts && Remeasurable(run, plan, options, cancellationToken) && MachineStall.Of(run) is { } why; attempt++)
                        {
                            setAside[transport].Add(new SetAsideRound(round, run, why));
                            options.Notice?.Invoke($"{transport.ToName()} {scenario.LoadPointLabel} round {round}/{plan.Rounds}: {why}; measuring the round again, its {run.Series.Requests} requests set aside");
                            nextSecond[transport] = NextSecond(nextSecond.GetValueOrDefault(transport), run, plan);
                            run = await LoadEngine.RunAsync(scenario, client, runOptions with
                            {
                                WindowOffset = TimeSpan.FromSeconds(nextSecond[transport]),
                                Progress = WithRound(options.Progress, round, plan.Rounds, again: true),
                            }, cancellationToken).ConfigureAwait(false);
                        }

                        rounds[transport].Add(run);
                        if (run.Series.StoppedBecause is not null)
                        {
                            unservable.Add(transport);
                        }

                        block++;
                        nextSecond[transport] = NextSecond(nextSecond.GetValueOrDefault(transport), run, plan);
                        if (round == plan.Rounds)
                        {
                            // Its last block: its connections need not idle through the others'.
                            clients.Remove(transport);
                            await client.DisposeAsync().ConfigureAwait(false);
                        }
                    }
                }
            }
            finally
            {
                foreach (var client in clients.Values)
                {
                    await client.DisposeAsync().ConfigureAwait(false);
                }
            }

            runs.AddRange(plan.Transports.Where(t => rounds[t].Count > 0).Select(t => SeriesRounds.Merge(rounds[t], plan.Rounds, setAside[t])));
        }

        return runs;
    }

    /// <summary>
    /// How many times a round is measured at most: once, and again while the machine stood still in
    /// it. On the VM it was built on a round stalled about one time in five, so with two attempts a
    /// main job still often kept one stalled round; with three, about one in a hundred rounds is.
    /// </summary>
    public const int MaxAttempts = 3;

    // Agents run their blocks in step with the others' (each with its own fake): one agent measuring
    // a round again would load the endpoint alone and fall out of step. A stopped or cut-short round
    // is not measured again either, nor any when the plan keeps stalled rounds.
    private static bool Remeasurable(LoadSeriesRun run, ComparisonPlan plan, LoadRunOptions options, CancellationToken cancellationToken) =>
        !plan.KeepStalledRounds && !cancellationToken.IsCancellationRequested && !run.Partial && run.Series.StoppedBecause is null
        && options.Agent.Count == 1 && options.StartAt is null;

    // The next round's rows continue the series' seconds after this one's last (its drain included).
    private static int NextSecond(int current, LoadSeriesRun run, ComparisonPlan plan) => Math.Max(
        current + (int)Math.Ceiling(plan.RoundDuration.TotalSeconds),
        run.TimeSeries.Count == 0 ? 0 : run.TimeSeries.Max(r => r.Second) + 1);

    private static Action<LoadProgress>? WithRound(Action<LoadProgress>? progress, int round, int rounds, bool again = false) =>
        progress is null || (rounds == 1 && !again) ? progress : p => progress(p with { Round = rounds == 1 ? "again" : $"{round}/{rounds}{(again ? " again" : string.Empty)}" });

    /// <summary>The time reserved per block when agents align their start: warm-up, the round's duration, drain and a margin.</summary>
    public static TimeSpan SlotOf(ComparisonPlan plan) =>
        plan.WarmUp + plan.RoundDuration + plan.Template.DrainTimeout + SlotMargin;

    /// <summary>What a block's slot keeps beyond its warm-up, time and drain timeout: starting and stopping the block.</summary>
    public static readonly TimeSpan SlotMargin = TimeSpan.FromSeconds(2);
}
