using Harness.Load.Results;
using Harness.Reports.Claims;
using HdrHistogram;

namespace Harness.Reports.Tests;

public sealed class HistogramBootstrapTests
{
    private static LongHistogram Sample(int count, int seed)
    {
        var histogram = new HistogramSet().Get("sse", "c1", MetricNames.Ttft);
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            // Log-normal around 100 ms: skewed like real latencies.
            double ms = 100 * Math.Exp(0.3 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            HistogramSet.Record(histogram, TimeSpan.FromMilliseconds(ms));
        }

        return histogram;
    }

    [Theory]
    [InlineData(50)]
    [InlineData(95)]
    [InlineData(99)]
    public void Estimate_MatchesHdrHistogramPercentile_AndLiesInsideItsInterval(double percentile)
    {
        var histogram = Sample(5000, 3);
        var interval = new HistogramBootstrap(histogram).Estimate(percentile);
        Assert.Equal(HistogramSet.ValueAtPercentile(histogram, percentile), interval.Estimate);
        Assert.InRange(interval.Estimate, interval.Low, interval.High);
        Assert.True(interval.High > interval.Low, "a real sample has a non-degenerate interval");
        Assert.Equal(5000, interval.SampleSize);
    }

    [Fact]
    public void Estimate_IsReproducibleForASeed_AndNarrowsWithMoreSamples()
    {
        var small = new HistogramBootstrap(Sample(200, 5));
        Assert.Equal(small.Estimate(95, seed: 9), small.Estimate(95, seed: 9));
        var large = new HistogramBootstrap(Sample(20000, 5));
        var s = small.Estimate(95);
        var l = large.Estimate(95);
        Assert.True(l.High - l.Low < s.High - s.Low, $"interval with 20000 samples ({l.Low}..{l.High}) should be narrower than with 200 ({s.Low}..{s.High})");
    }

    [Fact]
    public void Estimate_AgreesWithANaiveResamplingBootstrap()
    {
        var histogram = Sample(300, 11);
        var values = histogram.RecordedValues().SelectMany(v => Enumerable.Repeat((double)v.ValueIteratedTo, (int)v.CountAtValueIteratedTo)).ToArray();
        var random = new Random(4);
        var stats = new double[2000];
        long k = HistogramBootstrap.RankOf(90, values.Length);
        for (int b = 0; b < stats.Length; b++)
        {
            var resample = new double[values.Length];
            for (int i = 0; i < resample.Length; i++)
            {
                resample[i] = values[random.Next(values.Length)];
            }

            Array.Sort(resample);
            stats[b] = resample[k - 1];
        }

        Array.Sort(stats);
        double naiveLow = stats[(int)(0.025 * 1999)], naiveHigh = stats[(int)Math.Ceiling(0.975 * 1999)];
        var fast = new HistogramBootstrap(histogram).Estimate(90);
        // Two Monte Carlo estimates of the same distribution: within a few percent of each other.
        Assert.InRange(fast.Low, naiveLow * 0.97, naiveLow * 1.03);
        Assert.InRange(fast.High, naiveHigh * 0.97, naiveHigh * 1.03);
    }
}
