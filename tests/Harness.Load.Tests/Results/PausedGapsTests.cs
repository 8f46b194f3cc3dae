using CsCheck;
using Harness.Load.Results;

namespace Harness.Load.Tests.Results;

public class PausedGapsTests
{
    private static SeriesResult Series(int concurrency, long pauses, double maxPauseMs) => new()
    {
        Transport = "sse",
        LoadPoint = $"c{concurrency}",
        Concurrency = concurrency,
        Requests = 100,
        HarnessPauses = pauses == 0 ? null : new HarnessPauses { Count = pauses, MaxMs = maxPauseMs },
    };

    // Gaps in microseconds below 2,048, which the histogram keeps exactly.
    private static HdrHistogram.LongHistogram Gaps(IEnumerable<(long Us, long Count)> gaps)
    {
        var histogram = HistogramSet.NewHistogram();
        foreach (var (us, count) in gaps)
        {
            histogram.RecordValueWithCount(us, count);
        }

        return histogram;
    }

    [Theory]
    [InlineData(1, 10, 1.5, 1.0)]  // one pause at 10 streams: 10 of the 20 gaps at 2 ms may have been 1 ms, p99 down to 1 ms
    [InlineData(1, 10, 0.6, 1.4)]  // a pause of 0.6 ms: those 10 gaps no shorter than 1.4 ms
    [InlineData(1, 5, 1.5, 2.0)]   // 5 gaps widened at most: 985 of 1,000 at or below 1 ms, p99 needs 990
    [InlineData(2, 5, 1.5, 1.0)]   // two pauses at 5 streams: 10 again
    public void LowestP99_CountsAtMostOneGapPerStreamPerPause_ShorterByAtMostThePause(long pauses, int concurrency, double maxPauseMs, double expectedMs)
    {
        var itl = Gaps([(1_000, 980), (2_000, 20)]);
        Assert.Equal(2.0, HistogramSet.ValueAtPercentile(itl, 99) / 1000.0);

        Assert.Equal(expectedMs, PausedGaps.LowestAt(Series(concurrency, pauses, maxPauseMs), itl, 99));
        Assert.Equal(Math.Min(1_000, pauses * concurrency), PausedGaps.WidenedAtMost(Series(concurrency, pauses, maxPauseMs), 1_000));
    }

    [Fact]
    public void WithoutPauses_OrWithoutAKnownLoad_NothingIsWidened()
    {
        var itl = Gaps([(1_000, 980), (2_000, 20)]);

        Assert.Null(PausedGaps.LowestAt(Series(10, 0, 0), itl, 99));
        Assert.Null(PausedGaps.LowestAt(Series(10, 1, 30) with { Concurrency = null }, itl, 99));
    }

    [Fact]
    public void Describe_SaysHowManyPausesAndGaps()
    {
        Assert.Equal("the harness's own 2 pauses of up to 4.2 ms may have widened up to 20 of its 1000 gaps", PausedGaps.Describe(Series(10, 2, 4.2), 1_000));
    }

    // Against every way of choosing which gaps were widened (up to the bound, each shorter by up to the
    // longest pause): the lowest the percentile can then be is what LowestAt says.
    [Fact]
    public void LowestAt_IsTheLowestOverEveryChoiceOfWidenedGaps()
    {
        Gen.Select(Gen.Int[1, 40].Array[1, 9], Gen.Int[1, 3], Gen.Int[0, 30], Gen.Double[1, 99.9]).Sample((values, widened, pauseUs, percentile) =>
        {
            var itl = Gaps(values.GroupBy(v => (long)v).Select(g => (g.Key, (long)g.Count())));
            var series = Series(widened, 1, pauseUs / 1000.0);
            double? lowest = PausedGaps.LowestAt(series, itl, percentile);

            long rank = HistogramSet.RankOf(percentile, values.Length);
            long best = long.MaxValue;
            for (int mask = 0; mask < 1 << values.Length; mask++)
            {
                if (System.Numerics.BitOperations.PopCount((uint)mask) > widened)
                {
                    continue;
                }

                var shortened = values.Select((v, i) => (mask & (1 << i)) != 0 ? Math.Max(0, v - pauseUs) : v).Order().ToArray();
                best = Math.Min(best, shortened[rank - 1]);
            }

            return lowest == best / 1000.0;
        });
    }
}
