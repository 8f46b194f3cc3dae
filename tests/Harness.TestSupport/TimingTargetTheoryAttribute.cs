using Xunit;

namespace Harness.TestSupport;

/// <summary>The theory form of <see cref="TimingTargetFactAttribute"/>.</summary>
public sealed class TimingTargetTheoryAttribute : TheoryAttribute
{
    public TimingTargetTheoryAttribute()
    {
        Skip = TimingTarget.SkipReason();
    }
}
