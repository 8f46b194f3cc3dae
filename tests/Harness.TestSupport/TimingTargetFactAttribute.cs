using Xunit;

namespace Harness.TestSupport;

/// <summary>A fact checking a timing target that is not met yet: it runs only when asked for (see <see cref="TimingTarget"/>).</summary>
public sealed class TimingTargetFactAttribute : FactAttribute
{
    public TimingTargetFactAttribute()
    {
        Skip = TimingTarget.SkipReason();
    }
}
