using CsCheck;
using Harness.Load.Results;

namespace Harness.Load.Tests.Results;

/// <summary>
/// Every percentile the harness prints, judges or compares is the nearest-rank one (⌈p·n⌉-th value,
/// at its bucket's top), so results.json, verify and diff agree on the same run.
/// </summary>
public sealed class HistogramPercentileTests
{
    [Fact]
    public void P99OfSixty_IsTheSixtieth_NotTheFiftyNinth()
    {
        // 59 values at 100 ms and one at 104 ms: only the 60th has 99 % of the values at or below it.
        var histogram = HistogramSet.NewHistogram();
        for (int i = 0; i < 59; i++)
        {
            HistogramSet.Record(histogram, TimeSpan.FromMilliseconds(100));
        }

        HistogramSet.Record(histogram, TimeSpan.FromMilliseconds(104));

        Assert.Equal((histogram.NextNonEquivalentValue(104_000) - 1), HistogramSet.ValueAtPercentile(histogram, 99));
        Assert.Equal((histogram.NextNonEquivalentValue(100_000) - 1), HistogramSet.ValueAtPercentile(histogram, 98));
        Assert.InRange(HistogramSet.Summarize(histogram, MetricNames.Ttft).P99, 104, 104.1);
    }

    [Fact]
    public void AnyValuesAndPercentile_TheNearestRankValueAtItsBucketTop()
    {
        Gen.Select(Gen.Int[1, 5_000_000].Array[1, 400], Gen.Double[0, 100]).Sample((values, percentile) =>
        {
            var histogram = HistogramSet.NewHistogram();
            foreach (int v in values)
            {
                histogram.RecordValue(v);
            }

            long[] sorted = [.. values.Select(v => (long)v).Order()];
            long rank = Math.Max(1, (long)Math.Ceiling(Math.BitDecrement(percentile) / 100.0 * sorted.Length));
            return HistogramSet.ValueAtPercentile(histogram, percentile) == (histogram.NextNonEquivalentValue(sorted[rank - 1]) - 1);
        });
    }

    [Theory]
    [InlineData(99, 100, 99)]
    [InlineData(99, 60, 60)]
    [InlineData(50, 1, 1)]
    [InlineData(0, 10, 1)]
    [InlineData(100, 10, 10)]
    [InlineData(95, 20, 19)]
    [InlineData(99.9, 1000, 999)]
    public void RankOf_NearestRank_NoFloatingPointStepUp(double percentile, long count, long rank) =>
        Assert.Equal(rank, HistogramSet.RankOf(percentile, count));

    [Fact]
    public void Min_NeverAboveTheMean()
    {
        // Values spread over one wide bucket near a second: the bucket's top is above them all.
        var histogram = HistogramSet.NewHistogram();
        foreach (int us in new[] { 1_080_331, 1_080_700, 1_081_223 })
        {
            histogram.RecordValue(us);
        }

        var summary = HistogramSet.Summarize(histogram, MetricNames.EndToEnd);
        Assert.True(summary.Min <= summary.Mean, $"min {summary.Min} > mean {summary.Mean}");
        Assert.True(summary.Min <= 1080.331, $"min {summary.Min}");
    }
}
