using Xunit;

namespace Harness.TestSupport;

/// <summary>
/// A timing theory with a millisecond bound: it runs when the machine has CPU to spare as the tests
/// are discovered and is skipped, with the figure in the reason, when other runnable threads already
/// fill every CPU (then the test's processes wait for one and the figures are the machine's, not
/// the code's); see <see cref="QuietMachine.SkipReasonAtDiscovery"/>. <c>HARNESS_TIMING_TESTS=1</c>
/// runs it regardless.
/// </summary>
public sealed class QuietMachineTheoryAttribute : TheoryAttribute
{
    public QuietMachineTheoryAttribute()
    {
        Skip = QuietMachine.SkipReasonAtDiscovery();
    }
}
