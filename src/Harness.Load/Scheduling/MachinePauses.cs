namespace Harness.Load.Scheduling;

/// <summary>
/// Whether this process sees the machine stand still (<see cref="MachinePauseProbe"/> runs), so the
/// verbs can say when it does not rather than leave those pauses silently unknown.
/// </summary>
public static class MachinePauses
{
    /// <summary>One line for stderr when the process's probe cannot run; null when it runs (starting it if not yet).</summary>
    public static string? Unmeasured() => Unmeasured(MachinePauseProbe.Instance);

    /// <summary><see cref="Unmeasured()"/> for <paramref name="probe"/>.</summary>
    internal static string? Unmeasured(MachinePauseProbe probe) => probe.Running
        ? null
        : $"harness: the machine's own pauses go unmeasured: the real-time probe got {probe.ThreadPriority} priority (SCHED_FIFO needs root or CAP_SYS_NICE, two CPUs and Linux); the runtime's pauses and the lag probes still count";
}
