using System.Globalization;

namespace Harness.Load.Results;

/// <summary>
/// A measured window in which the machine stood still: the embedded fake fell behind its schedule
/// (<see cref="ServerLateness.IsStall"/>) and its scheduler thread, the process's highest-priority
/// thread (real-time where the OS grants it, as to root), which the harness's own load does not keep
/// from a core while the harness is not saturated, was itself released that late. Such a delay reaches every request in flight and is the
/// machine's, not the transport's (on the 2-core VM it was measured on, a real-time sleeper in
/// another process was late at the same moments: docs/notes/fake-lateness.md). A stall after an
/// on-time release (the fake's write path) is not one: it may belong to the transport's own path.
/// </summary>
public static class MachineStall
{
    /// <summary>How every reason <see cref="Of(ServerLateness?, double)"/> gives begins (a list of them says it once).</summary>
    public const string Lead = "the machine stood still: ";

    /// <summary>Why <paramref name="run"/>'s window was the machine's, or null when it was not (or no embedded fake measured it).</summary>
    public static string? Of(LoadSeriesRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Saturation.Saturated ? null : Of(run.Series.FakeLateness, run.Saturation.ThresholdMs);
    }

    /// <summary>Why a window with <paramref name="lateness"/> was the machine's at <paramref name="thresholdMs"/>, or null.</summary>
    public static string? Of(ServerLateness? lateness, double thresholdMs) =>
        lateness is { SchedulerMaxMs: double scheduler } && lateness.IsStall(thresholdMs) && scheduler > thresholdMs
            ? string.Create(CultureInfo.InvariantCulture,
                $"{Lead}the embedded fake's highest-priority thread was up to {scheduler:0.0} ms late, its tokens {lateness.P999Ms:0.0} ms at p99.9 (over {thresholdMs:0.###} ms)")
            : null;
}
