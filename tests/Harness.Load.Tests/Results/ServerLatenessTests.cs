using Harness.Load.Results;
using HdrHistogram;

namespace Harness.Load.Tests.Results;

public class ServerLatenessTests
{
    // One window of 1,000 events at 1 ms with `late` of them at 20 ms instead.
    private static ServerLateness Window(int late)
    {
        var histogram = new LongHistogram(HistogramSet.HighestTrackableValue, HistogramSet.SignificantDigits);
        histogram.RecordValueWithCount(1_000, 1_000 - late);
        if (late > 0)
        {
            histogram.RecordValueWithCount(20_000, late);
        }

        return ServerLateness.FromHistogram(histogram, late > 0 ? 20 : 1);
    }

    [Fact]
    public void Merge_AddsTheWindowsExactly_TwoLateEventsInTwoThousandAreNoStall()
    {
        var quiet = Window(0);
        var blip = Window(2);
        Assert.True(blip.IsStall(5), "2 of 1,000 late is 0.2 %: a stall on its own");

        var merged = ServerLateness.Merge([quiet, blip])!;

        Assert.Equal(2_000, merged.Events);
        Assert.False(merged.IsStall(5), $"2 of 2,000 is 0.1 %, not more: p99.9 {merged.P999Ms} ms");
        Assert.Equal(20, merged.MaxMs);
    }

    [Fact]
    public void Merge_WithoutHistograms_TakesTheWorstWindow()
    {
        var fromFile = new[] { Window(0) with { Histogram = null }, Window(2) with { Histogram = null } };

        var merged = ServerLateness.Merge(fromFile)!;

        Assert.True(merged.IsStall(5), "a stall in any window still marks the series");
        Assert.Equal(2_000, merged.Events);
        Assert.Null(ServerLateness.Merge([Window(0), null]));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Merge_KeepsTheSchedulersLatestRelease_OrNoneWhenAWindowLacksIt(bool withHistograms)
    {
        ServerLateness W(int late, double? schedulerMaxMs) => (withHistograms ? Window(late) : Window(late) with { Histogram = null }) with { SchedulerMaxMs = schedulerMaxMs };

        Assert.Equal(12.5, ServerLateness.Merge([W(0, 0.2), W(2, 12.5), W(0, 0.4)])!.SchedulerMaxMs);
        Assert.Null(ServerLateness.Merge([W(0, 0.2), W(2, null)])!.SchedulerMaxMs);
    }
}
