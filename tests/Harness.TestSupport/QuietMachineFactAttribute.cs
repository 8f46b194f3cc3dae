using Xunit;

namespace Harness.TestSupport;

/// <summary>
/// A timing test with a millisecond bound: it runs when the machine has CPU to spare and is
/// skipped, with the load in the reason, when the 1-minute load average exceeds the CPU count
/// (then every process waits for a CPU and the figures are the machine's, not the code's).
/// <c>HARNESS_TIMING_TESTS=1</c> runs it regardless.
/// </summary>
public sealed class QuietMachineFactAttribute : FactAttribute
{
    public QuietMachineFactAttribute()
    {
        Skip = QuietMachine.SkipReason();
    }
}
