using System.Globalization;

namespace Harness.Load.Results;

/// <summary>
/// A measured window in which the machine stood still. Against the embedded fake: the fake fell behind
/// its schedule (<see cref="ServerLateness.IsStall"/>) and its scheduler thread, the process's
/// highest-priority thread (real-time where the OS grants it, as to root), which the harness's own
/// load does not keep from a core while the harness is not saturated, was itself released that late.
/// Such a delay reaches every request in flight and is the machine's, not the transport's (on the
/// 2-core VM it was measured on, a real-time sleeper in another process was late at the same moments:
/// docs/notes/fake-lateness.md). A stall after an on-time release (the fake's write path) is not one:
/// it may belong to the transport's own path. Against any other endpoint, where no fake's thread is
/// watched: the harness's own real-time probe woke later than the threshold with no runtime pause to
/// explain it (<see cref="HarnessPauses.MachineMaxMs"/>), the harness not saturated.
/// </summary>
public static class MachineStall
{
    /// <summary>How every reason <see cref="Of(LoadSeriesRun)"/> gives begins (a list of them says it once).</summary>
    public const string Lead = "the machine stood still: ";

    /// <summary>Why <paramref name="run"/>'s window was the machine's, or null when it was not (or nothing measured it).</summary>
    public static string? Of(LoadSeriesRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Saturation.Saturated)
        {
            return null;
        }

        return run.Series.FakeLateness is { } fake
            ? Of(fake, run.Saturation.ThresholdMs)
            : Of(run.Series.HarnessPauses, run.Saturation.ThresholdMs);
    }

    /// <summary>Why a window with <paramref name="lateness"/> was the machine's at <paramref name="thresholdMs"/>, or null.</summary>
    public static string? Of(ServerLateness? lateness, double thresholdMs) =>
        lateness is { SchedulerMaxMs: double scheduler } && lateness.IsStall(thresholdMs) && scheduler > thresholdMs
            ? string.Create(CultureInfo.InvariantCulture,
                $"{Lead}the embedded fake's highest-priority thread was up to {scheduler:0.0} ms late, its tokens {lateness.P999Ms:0.0} ms at p99.9 (over {thresholdMs:0.###} ms)")
            : null;

    /// <summary>Why a window with <paramref name="pauses"/> (no embedded fake's lateness to go by) was the machine's at <paramref name="thresholdMs"/>, or null.</summary>
    public static string? Of(HarnessPauses? pauses, double thresholdMs) =>
        ProbeLateMs(pauses, thresholdMs) is double machine
            ? string.Create(CultureInfo.InvariantCulture,
                $"{Lead}the harness's own real-time thread woke up to {machine:0.0} ms late (over {thresholdMs:0.###} ms), with no runtime pause to explain it")
            : null;

    /// <summary>How late the harness's own real-time probe woke at most in <paramref name="pauses"/>' window when that passed <paramref name="thresholdMs"/>; null otherwise, or unknown.</summary>
    public static double? ProbeLateMs(HarnessPauses? pauses, double thresholdMs) =>
        pauses is { MachineMaxMs: double machine } && machine > thresholdMs ? machine : null;
}
