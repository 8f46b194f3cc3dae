using Xunit;

namespace Harness.TestSupport;

/// <summary>The theory form of <see cref="QuietMachineFactAttribute"/>.</summary>
public sealed class QuietMachineTheoryAttribute : TheoryAttribute
{
    public QuietMachineTheoryAttribute()
    {
        Skip = QuietMachine.SkipReason();
    }
}
