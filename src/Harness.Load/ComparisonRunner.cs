using Harness.Clients;

namespace Harness.Load;

/// <summary>Runs a <see cref="ComparisonPlan"/> series by series; on cancellation returns what was measured.</summary>
public static class ComparisonRunner
{
    /// <summary>
    /// Runs every series with a client from <paramref name="clientFactory"/> (one client per series, so
    /// series do not share warm connections; with <see cref="ComparisonPlan.Cold"/> one per request).
    /// With a <paramref name="primer"/>, each transport's first series is preceded by its JIT priming.
    /// </summary>
    public static async Task<List<LoadSeriesRun>> RunAsync(ComparisonPlan plan, Func<Transport, IChatStreamClient> clientFactory, LoadRunOptions options, CancellationToken cancellationToken, JitPrimer? primer = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(clientFactory);
        var scenarios = plan.Scenarios().ToList();
        scenarios.ForEach(s => s.Validate());
        var runs = new List<LoadSeriesRun>();
        foreach (var scenario in scenarios)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            await using IChatStreamClient client = plan.Cold
                ? new ColdConnectionClient(scenario.Transport, () => clientFactory(scenario.Transport))
                : clientFactory(scenario.Transport);
            var runOptions = options;
            if (options.StartAt is { } startAt && runs.Count > 0)
            {
                // Agents stay aligned series by series: each series starts a fixed slot after the first.
                runOptions = options with { StartAt = startAt + (runs.Count * SlotOf(plan)) };
            }

            if (primer is not null)
            {
                await primer.PrimeAsync(scenario, client, options, cancellationToken).ConfigureAwait(false);
            }

            runs.Add(await LoadEngine.RunAsync(scenario, client, runOptions, cancellationToken).ConfigureAwait(false));
        }

        return runs;
    }

    /// <summary>The time reserved per series when agents align their start: warm-up, duration, drain and a margin.</summary>
    public static TimeSpan SlotOf(ComparisonPlan plan) =>
        plan.WarmUp + plan.Duration + plan.Template.DrainTimeout + TimeSpan.FromSeconds(2);
}
