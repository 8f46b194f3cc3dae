namespace Harness.TestSupport;

/// <summary>
/// Whether to run the acceptance checks of a timing target that is not met yet (README says which
/// and by how much). They fail by design until the target is met, so a test run that gates a merge
/// does not run them; <c>HARNESS_TIMING_TESTS=1</c> on a quiet machine does.
/// </summary>
public static class TimingTarget
{
    /// <summary>Null (run) when asked for; else why not. Whether the machine is quiet is the caller's to ensure.</summary>
    public static string? SkipReason() =>
        Environment.GetEnvironmentVariable(QuietMachine.ForceVariable) == "1"
            ? null
            : $"timing target not met yet (see README, 'How far to trust the figures'): run with {QuietMachine.ForceVariable}=1 on a quiet machine to measure it";
}
