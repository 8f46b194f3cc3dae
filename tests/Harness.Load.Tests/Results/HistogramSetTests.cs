using Harness.Load.Results;

namespace Harness.Load.Tests.Results;

public sealed class HistogramSetTests
{
    [Fact]
    public void SaveThenLoad_KeepsEveryTaggedHistogramExactly()
    {
        var set = new HistogramSet();
        for (int i = 1; i <= 1000; i++)
        {
            HistogramSet.Record(set.Get("sse", "c10", MetricNames.Ttft), TimeSpan.FromMicroseconds(i * 100));
            HistogramSet.Record(set.Get("ws", "c10", MetricNames.Itl), TimeSpan.FromMilliseconds(20 + (i % 3)));
        }

        using var stream = new MemoryStream();
        set.Save(stream, DateTime.UtcNow);
        stream.Position = 0;
        var loaded = HistogramSet.Load(stream);

        Assert.Equal(set.Tags.Order(), loaded.Tags.Order());
        var original = set.Get("sse", "c10", MetricNames.Ttft);
        var copy = loaded.Find(HistogramSet.TagOf("sse", "c10", MetricNames.Ttft))!;
        Assert.Equal(original.TotalCount, copy.TotalCount);
        Assert.Equal(original.GetValueAtPercentile(99), copy.GetValueAtPercentile(99));
    }

    [Fact]
    public void Merge_TwoHalves_EqualsTheWhole()
    {
        var whole = new HistogramSet();
        var first = new HistogramSet();
        var second = new HistogramSet();
        var random = new Random(42);
        for (int i = 0; i < 5000; i++)
        {
            var latency = TimeSpan.FromMicroseconds(random.Next(1, 500_000));
            HistogramSet.Record(whole.Get("sse", "r20", MetricNames.EndToEnd), latency);
            HistogramSet.Record((i % 2 == 0 ? first : second).Get("sse", "r20", MetricNames.EndToEnd), latency);
        }

        first.Merge(second);
        var merged = HistogramSet.Summarize(first.Get("sse", "r20", MetricNames.EndToEnd), MetricNames.EndToEnd);
        var expected = HistogramSet.Summarize(whole.Get("sse", "r20", MetricNames.EndToEnd), MetricNames.EndToEnd);
        Assert.Equal(expected, merged);
        Assert.Equal(5000, merged.Count);
    }

    [Theory]
    [InlineData(100, 0.064)]
    [InlineData(1100, 1.024)]
    [InlineData(double.PositiveInfinity, 0)] // failed requests counted as over any limit
    public void StepMs_IsTheBucketWidthAtTheValue(double valueMs, double stepMs)
    {
        var histogram = HistogramSet.NewHistogram();
        HistogramSet.Record(histogram, TimeSpan.FromMilliseconds(100));

        Assert.Equal(stepMs, HistogramSet.StepMs(histogram, valueMs), 9);
        if (double.IsFinite(valueMs))
        {
            // A step apart, two values read differently.
            long us = (long)(valueMs * 1000);
            Assert.NotEqual(histogram.LowestEquivalentValue(us), histogram.LowestEquivalentValue(us + (long)(stepMs * 1000)));
        }
    }

    [Fact]
    public void Summarize_ReportsMillisecondsWithinThePrecision()
    {
        var set = new HistogramSet();
        var histogram = set.Get("ws", "c1", MetricNames.Ttft);
        for (int i = 1; i <= 100; i++)
        {
            HistogramSet.Record(histogram, TimeSpan.FromMilliseconds(i));
        }

        var summary = HistogramSet.Summarize(histogram, MetricNames.Ttft);
        Assert.Equal("ms", summary.Unit);
        Assert.InRange(summary.P50, 49.95, 50.05);
        Assert.InRange(summary.P99, 98.9, 99.1);
        Assert.InRange(summary.Max, 99.9, 100.1);
        Assert.InRange(summary.Min, 0.999, 1.001);
    }
}
