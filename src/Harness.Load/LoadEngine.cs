using Harness.Clients;
using Harness.Load.Scheduling;

namespace Harness.Load;

/// <summary>
/// Runs a <see cref="LoadScenario"/> against an <see cref="IChatStreamClient"/>: open profiles on
/// their schedule with latencies from the intended start (no coordinated omission), closed profiles
/// as copies running back to back. Validates first (typed <see cref="Simulations.LoadProfileException"/>),
/// stops by itself at the end of the profile or at the request cap, and on cancellation returns what
/// it measured, marked partial.
/// </summary>
public static class LoadEngine
{
    /// <summary>Runs one series.</summary>
    public static Task<LoadSeriesRun> RunAsync(LoadScenario scenario, IChatStreamClient client, LoadRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(client);
        scenario.Validate();
        return LoadRun.Create(scenario, client, options ?? new LoadRunOptions(), cancellationToken).ExecuteAsync();
    }
}
