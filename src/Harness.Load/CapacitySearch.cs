using Harness.Clients;

namespace Harness.Load;

/// <summary>
/// Capacity search: per transport, the plan's concurrencies in ascending order, one series each,
/// until a series saturates the harness or has errors. The largest that held is that transport's
/// capacity on this machine: past it the figures describe the client, not the server.
/// </summary>
public static class CapacitySearch
{
    /// <summary>The concurrencies stepped through when none are given.</summary>
    public static IReadOnlyList<int> DefaultConcurrencies { get; } = [50, 100, 200, 500, 1000, 2000];

    /// <summary>
    /// Runs the search; <paramref name="found"/> hears each transport's result as soon as it is known.
    /// Returns every series run, including the one that failed to hold. On cancellation returns what
    /// was measured, without a result for the transport it was in.
    /// </summary>
    public static async Task<List<LoadSeriesRun>> RunAsync(
        ComparisonPlan plan,
        Func<Transport, IChatStreamClient> clientFactory,
        LoadRunOptions options,
        Action<TransportCapacity> found,
        CancellationToken cancellationToken,
        JitPrimer? primer = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(found);
        var all = new List<LoadSeriesRun>();
        foreach (var transport in plan.Transports)
        {
            LoadSeriesRun? held = null;
            foreach (int copies in plan.Concurrencies.Order())
            {
                var step = plan with { Transports = [transport], Concurrencies = [copies], Rates = [] };
                var runs = await ComparisonRunner.RunAsync(step, clientFactory, options, cancellationToken, primer).ConfigureAwait(false);
                if (runs.Count == 0 || cancellationToken.IsCancellationRequested)
                {
                    return all;
                }

                var run = runs[0];
                all.Add(run);
                if (!Held(run))
                {
                    break;
                }

                held = run;
            }

            found(new TransportCapacity(transport, held));
        }

        return all;
    }

    /// <summary>A series holds when the harness kept up and every request ended well.</summary>
    public static bool Held(LoadSeriesRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        bool errors = run.Series.Outcomes.Any(o => o.Key != RequestOutcome.Ok.ToName() && o.Value > 0);
        return !run.Saturation.Saturated && !errors;
    }
}
