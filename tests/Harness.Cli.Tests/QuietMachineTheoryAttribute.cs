namespace Harness.Cli.Tests;

/// <summary>The theory form of <see cref="QuietMachineFactAttribute"/>.</summary>
public sealed class QuietMachineTheoryAttribute : TheoryAttribute
{
    public QuietMachineTheoryAttribute()
    {
        Skip = QuietMachine.SkipReason();
    }
}
