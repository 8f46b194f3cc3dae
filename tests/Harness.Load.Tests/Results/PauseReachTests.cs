using Harness.Load.Results;

namespace Harness.Load.Tests.Results;

public class PauseReachTests
{
    private static readonly HarnessPauses s_pauses = new()
    {
        Count = 2,
        MaxMs = 30,
        TotalMs = 60,
        Spans = [new PauseSpan { AtMs = 1_000, Ms = 30 }, new PauseSpan { AtMs = 2_000, Ms = 30 }],
        TtftMeasured = 200,
        TtftDelayed = 10,
        TtftUndelayed = new MetricSummary { Count = 190, P50 = 20, P90 = 22, P95 = 23, P99 = 25, P999 = 26, Max = 26 },
        E2eMeasured = 190,
        E2eDelayed = 4,
        E2eUndelayed = new MetricSummary { Count = 186, P50 = 220, P90 = 222, P95 = 223, P99 = 225, P999 = 226, Max = 226 },
    };

    private static SeriesResult Series(HarnessPauses? pauses) => new()
    {
        Transport = "sse",
        LoadPoint = "c10",
        Concurrency = 10,
        Requests = 200,
        HarnessPauses = pauses,
    };

    // 980 gaps at 1 ms and 20 at 2 ms, which the histogram keeps exactly.
    private static HdrHistogram.LongHistogram Gaps()
    {
        var histogram = HistogramSet.NewHistogram();
        histogram.RecordValueWithCount(1_000, 980);
        histogram.RecordValueWithCount(2_000, 20);
        return histogram;
    }

    [Theory]
    [InlineData(MetricNames.Ttft, 10, 200, 25.0)]
    [InlineData(MetricNames.EndToEnd, 4, 190, 225.0)]
    public void RequestMetrics_AreExact_TheUndelayedRequestsFigures(string metric, long affected, long samples, double p99)
    {
        var reach = PauseReach.Of(Series(s_pauses), metric, Gaps())!;

        Assert.True(reach.Exact);
        Assert.Equal((affected, samples, 30.0), (reach.Affected, reach.Samples, reach.MaxPauseMs));
        Assert.Equal(p99, reach.At(99));
        Assert.Null(reach.At(97)); // not a kept percentile
    }

    [Fact]
    public void Itl_IsTheLowestTheGapsCouldBe_WithItsHistogramOnly()
    {
        var gaps = Gaps();
        var reach = PauseReach.Of(Series(s_pauses), MetricNames.Itl, gaps)!;

        Assert.False(reach.Exact);
        Assert.Equal((20L, 1_000L), (reach.Affected, reach.Samples)); // two pauses at 10 streams
        Assert.Equal(PausedGaps.LowestAt(Series(s_pauses), gaps, 99), reach.At(99));
        Assert.Equal(1.0, reach.At(99)); // the 20 gaps at 2 ms may each have been 1 ms
        Assert.Null(PauseReach.Of(Series(s_pauses), MetricNames.Itl, null));
    }

    [Theory]
    [InlineData(MetricNames.Arrival)]
    [InlineData(MetricNames.StartDelay)]
    public void OtherMetrics_AndSeriesWithoutPauses_AreNotWeighed(string metric)
    {
        Assert.Null(PauseReach.Of(Series(s_pauses), metric, Gaps()));
        Assert.Null(PauseReach.Of(Series(null), MetricNames.Ttft, Gaps()));
        Assert.Null(PauseReach.Of(Series(null), MetricNames.Itl, Gaps()));
    }

    [Fact]
    public void Without_SaysWhichSamplesAreLeftOut_AndWhetherTheFigureIsExact()
    {
        var ttft = PauseReach.Of(Series(s_pauses), MetricNames.Ttft, null)!;
        var itl = PauseReach.Of(Series(s_pauses), MetricNames.Itl, Gaps())!;

        Assert.Equal("without the 10 requests a pause of the harness itself (up to 30 ms) may have delayed, p99 = 25 ms", ttft.Without("p99", "25 ms"));
        Assert.Equal("without the 10 candidate requests a pause of the harness itself (up to 30 ms) may have delayed, p99 = 25 ms", ttft.Without("p99", "25 ms", "candidate"));
        Assert.Equal("the harness's own 2 pauses of up to 30 ms may have widened up to 20 of its 1000 gaps, and without them p99 could be 1 ms", itl.Without("p99", "1 ms"));
        Assert.Equal("in the baseline the harness's own 2 pauses of up to 30 ms may have widened up to 20 of its 1000 gaps, and without them p99 could be 1 ms", itl.Without("p99", "1 ms", "baseline"));
    }
}
