using Harness.Clients;

namespace Harness.Load;

/// <summary>
/// Capacity search: per transport, the plan's concurrencies in ascending order, one series each,
/// until a series saturates the harness, has errors, or finds the endpoint no longer keeping pace.
/// The largest that held is that transport's capacity on this machine: past a saturation the
/// figures describe the client, not the server. When the endpoint is what gave way, the harness's
/// capacity is only known to be at least that much, and the search says so.
/// </summary>
public static class CapacitySearch
{
    /// <summary>The concurrencies stepped through when none are given.</summary>
    public static IReadOnlyList<int> DefaultConcurrencies { get; } = [50, 100, 200, 500, 1000, 2000];

    /// <summary>
    /// A load point keeps pace when each stream gets at least this share of the tokens per second a
    /// stream got at the first load point. Below it the endpoint is queueing or slowing: with 1,000
    /// streams asking 50 tokens/s each, a fake on one core delivered 23,480 tokens/s in all (47 %),
    /// and without this rule the search called that load point "held".
    /// </summary>
    public const double KeptPaceShare = 0.8;

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
            LoadSeriesRun? reference = null;
            LoadSeriesRun? stoppedAt = null;
            var stop = CapacityStop.None;
            foreach (int copies in plan.Concurrencies.Order())
            {
                var step = plan with { Transports = [transport], Concurrencies = [copies], Rates = [], Rounds = 1 };
                var runs = await ComparisonRunner.RunAsync(step, clientFactory, options, cancellationToken, primer).ConfigureAwait(false);
                if (runs.Count == 0 || cancellationToken.IsCancellationRequested)
                {
                    return all;
                }

                var run = runs[0];
                all.Add(run);
                reference ??= run;
                stop = Judge(run, reference);
                if (stop != CapacityStop.None)
                {
                    stoppedAt = run;
                    break;
                }

                held = run;
            }

            found(new TransportCapacity(transport, held, stoppedAt, stop, reference));
        }

        return all;
    }

    /// <summary>A series holds when the harness kept up and every request ended well (whatever the endpoint's pace).</summary>
    public static bool Held(LoadSeriesRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return !run.Saturation.Saturated && !HasErrors(run);
    }

    /// <summary>
    /// Why <paramref name="run"/> does not hold, or <see cref="CapacityStop.None"/>: the harness
    /// saturated, a request failed, or each stream got less than <see cref="KeptPaceShare"/> of the
    /// tokens per second it got in <paramref name="reference"/> (the first load point).
    /// </summary>
    public static CapacityStop Judge(LoadSeriesRun run, LoadSeriesRun reference)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(reference);
        if (run.Saturation.Saturated)
        {
            return CapacityStop.HarnessSaturated;
        }

        if (HasErrors(run))
        {
            return CapacityStop.Errors;
        }

        return PerStreamTokenRate(reference) is > 0 and var expected && PerStreamTokenRate(run) is { } got && got < KeptPaceShare * expected
            ? CapacityStop.EndpointFellBehind
            : CapacityStop.None;
    }

    /// <summary>Tokens per second per concurrent stream over the measured window; null for a rate-driven series or an empty window.</summary>
    public static double? PerStreamTokenRate(LoadSeriesRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var s = run.Series;
        return s.Concurrency is > 0 and var copies && s.TokenRate() is { } rate ? rate / copies : null;
    }

    // A series stopped because the endpoint cannot serve may have measured nothing: it failed all the same.
    private static bool HasErrors(LoadSeriesRun run) => run.Series.Errors > 0 || run.Series.StoppedBecause is not null;
}
