using CsCheck;
using Harness.Load.Results;

namespace Harness.Load.Tests.Results;

/// <summary>Whatever a histograms.hlog holds, <see cref="HistogramSet.Load"/> gives a set or an <see cref="InvalidDataException"/>.</summary>
public sealed class HistogramSetPropertyTests
{
    [Fact]
    public void ArbitraryLog_ASetOrInvalidData()
    {
        var set = new HistogramSet();
        foreach (string metric in new[] { MetricNames.Ttft, MetricNames.Itl })
        {
            var histogram = set.Get("sse", "c10", metric);
            for (int i = 1; i < 200; i++)
            {
                HistogramSet.Record(histogram, TimeSpan.FromMicroseconds(i * 997));
            }
        }

        using var saved = new MemoryStream();
        set.Save(saved, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        ArbitraryInput.Bytes(saved.ToArray()).Sample(
            bytes =>
            {
                try
                {
                    var read = HistogramSet.Load(new MemoryStream(bytes));
                    Assert.All(read.Tags, tag => Assert.NotNull(read.Find(tag)));
                }
                catch (InvalidDataException)
                {
                }
            },
            iter: 2000,
            seed: "0N0XIzNsQ0O2");
    }
}
