using Harness.Load.Results;
using Harness.Reports.Diff;
using HdrHistogram;

namespace Harness.Reports.Tests.Diff;

public sealed class PercentileDifferenceTests
{
    private static LongHistogram Uniform(double fromMs, double toMs, int count, int seed)
    {
        var histogram = new LongHistogram(HistogramSet.HighestTrackableValue, HistogramSet.SignificantDigits);
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            HistogramSet.Record(histogram, TimeSpan.FromMilliseconds(fromMs + (random.NextDouble() * (toMs - fromMs))));
        }

        return histogram;
    }

    [Fact]
    public void ShiftedBy20ms_IntervalHoldsTheShift_AndExcludesZero()
    {
        var baseline = Uniform(90, 110, 400, 3);
        var candidate = Uniform(110, 130, 400, 4);

        var d = PercentileDifference.Estimate(baseline, candidate, 50).Scale(0.001);

        Assert.InRange(d.Estimate, 18, 22);
        Assert.True(d.Low < 20 && d.High > 20, $"[{d.Low}, {d.High}] misses the true shift of 20 ms");
        Assert.True(d.IsAboveZero);
        Assert.False(d.IsBelowZero);
    }

    [Fact]
    public void SameDistribution_IntervalCoversZero_About95PercentOfTheTime()
    {
        // Coverage, not one lucky pair: 60 pairs of samples from one distribution.
        int covered = Enumerable.Range(0, 60).Count(i =>
        {
            var d = PercentileDifference.Estimate(Uniform(90, 110, 400, 2 * i), Uniform(90, 110, 400, (2 * i) + 1), 50, resamples: 1000);
            return d.Low <= 0 && d.High >= 0;
        });

        Assert.InRange(covered, 51, 60);
    }

    [Fact]
    public void FewerSamples_WiderInterval_AndSeeded()
    {
        var small = PercentileDifference.Estimate(Uniform(90, 110, 30, 1), Uniform(90, 110, 30, 2), 50);
        var large = PercentileDifference.Estimate(Uniform(90, 110, 3000, 1), Uniform(90, 110, 3000, 2), 50);

        Assert.True(small.High - small.Low > 2 * (large.High - large.Low), $"n=30 width {small.High - small.Low} vs n=3000 width {large.High - large.Low}");
        Assert.Equal(small, PercentileDifference.Estimate(Uniform(90, 110, 30, 1), Uniform(90, 110, 30, 2), 50));
    }

    [Fact]
    public void EmptySide_IsNaN()
    {
        var d = PercentileDifference.Estimate(Uniform(90, 110, 30, 1), new LongHistogram(HistogramSet.HighestTrackableValue, 3), 50);

        Assert.True(double.IsNaN(d.Estimate) && double.IsNaN(d.Low) && double.IsNaN(d.High));
        Assert.Equal(0, d.CandidateCount);
    }
}
