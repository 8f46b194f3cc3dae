using System.Diagnostics;

namespace Harness.Core.Tests;

public sealed class ClockSleepTests
{
    [Theory]
    [InlineData(0.0)] // in the past already
    [InlineData(0.05)] // inside the yield window
    [InlineData(5.0)] // a coarse sleep first
    public void Returns_true_never_before_the_target(double aheadMs)
    {
        long target = Stopwatch.GetTimestamp() + (long)(aheadMs * Stopwatch.Frequency / 1000);
        Assert.True(ClockSleep.Until(target, CancellationToken.None));
        long now = Stopwatch.GetTimestamp();
        Assert.True(now >= target, $"returned {(target - now) * 1e9 / Stopwatch.Frequency:F0} ns early");
    }

    [Fact]
    public void Returns_false_once_cancelled()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
        var watch = Stopwatch.StartNew();
        Assert.False(ClockSleep.Until(Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency), cancel.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"saw the cancellation only after {watch.Elapsed}");
    }
}
