using System.Diagnostics;
using Harness.Core;

namespace Harness.Core.Tests;

public sealed class StopwatchTicksTests
{
    [Fact]
    public void A_second_is_the_stopwatchs_frequency() => Assert.Equal(Stopwatch.Frequency, StopwatchTicks.From(TimeSpan.FromSeconds(1)));

    [Fact]
    public void Spans_scale_and_keep_their_sign()
    {
        Assert.Equal(0, StopwatchTicks.From(TimeSpan.Zero));
        Assert.Equal(Stopwatch.Frequency / 4, StopwatchTicks.From(TimeSpan.FromMilliseconds(250)));
        Assert.Equal(-2 * Stopwatch.Frequency, StopwatchTicks.From(TimeSpan.FromSeconds(-2)));
    }

    [Fact]
    public void Measured_spans_convert_back() =>
        Assert.Equal(TimeSpan.FromMilliseconds(1234), Stopwatch.GetElapsedTime(0, StopwatchTicks.From(TimeSpan.FromMilliseconds(1234))));
}
