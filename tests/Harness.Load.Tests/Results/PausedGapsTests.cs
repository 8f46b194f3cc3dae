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
        HarnessPauses = pauses == 0 ? null : Pauses([.. Enumerable.Range(0, (int)pauses).Select(i => (i * 1_000.0, maxPauseMs))]),
    };

    // Pauses at the given start and length, ms.
    private static HarnessPauses Pauses(params (double AtMs, double Ms)[] spans) => new()
    {
        Count = spans.Length,
        MaxMs = spans.Max(s => s.Ms),
        TotalMs = spans.Sum(s => s.Ms),
        Spans = [.. spans.Select(s => new PauseSpan { AtMs = s.AtMs, Ms = s.Ms })],
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
        var itl = Gaps([(1_000, 980), (2_000, 20)]);
        Assert.Equal("the harness's own 2 pauses of up to 4.2 ms may have widened up to 20 of its 1000 gaps", PausedGaps.Describe(Series(10, 2, 4.2), itl));

        // Two pauses 0.3 ms apart fit in a gap of 2 ms together.
        var close = Series(10, 2, 0.6) with { HarnessPauses = Pauses((100, 0.6), (100.9, 0.5)) };
        Assert.Equal("the harness's own 2 pauses of up to 0.6 ms may have widened up to 20 of its 1000 gaps, by up to 1.1 ms where pauses came close together", PausedGaps.Describe(close, itl));

        // A file from before spans: what all of them would add in one gap, said as such.
        var older = close with { HarnessPauses = close.HarnessPauses! with { Spans = null } };
        Assert.Equal("the harness's own 2 pauses of up to 0.6 ms may have widened up to 20 of its 1000 gaps, by up to 1.1 ms if several fell in one gap (this file keeps no time per pause)", PausedGaps.Describe(older, itl));
    }

    [Fact]
    public void PausesCloseTogether_ShortenAGapByAllThatFitsInIt()
    {
        var itl = Gaps([(1_000, 980), (2_000, 20)]);

        // Apart, two pauses of 0.6 ms leave each widened gap at least 1.4 ms; 0.3 ms apart, both fit
        // in one 2-ms gap, which may then have been 0.9 ms: the 20 may all have been 1 ms or less.
        Assert.Equal(1.4, PausedGaps.LowestAt(Series(10, 2, 0.6), itl, 99));
        Assert.Equal(1.0, PausedGaps.LowestAt(Series(10, 2, 0.6) with { HarnessPauses = Pauses((100, 0.6), (100.9, 0.5)) }, itl, 99));
    }

    [Theory]
    [InlineData(0.5, 0.5)]   // a stretch shorter than a pause holds only that much of it
    [InlineData(1.0, 0.7)]   // [10, 11] or [10.3, 11.3]: 0.7 ms of the two either way
    [InlineData(1.5, 1.0)]   // both, from 10 to 11.5
    [InlineData(100, 1.0)]   // the one far away stays out of any stretch shorter than a second
    [InlineData(1_000, 1.1)] // all three
    public void MostPausedWithin_IsTheMostPausedTimeInAnyStretchThatLong(double windowMs, double expected)
    {
        var pauses = Pauses((10, 0.6), (10.9, 0.4), (1_000, 0.1));

        Assert.Equal(expected, pauses.MostPausedWithin(windowMs), 9);
    }

    // Against every stretch starting on a whole µs (the pauses' own grid, where the most is reached).
    [Fact]
    public void MostPausedWithin_IsTheMostOverEveryStretch()
    {
        Gen.Select(Gen.Select(Gen.Int[0, 40], Gen.Int[1, 20]).Array[1, 4], Gen.Int[1, 80]).Sample((laid, windowUs) =>
        {
            var spans = new List<(long At, long Us)>();
            long at = 0;
            foreach (var (gapUs, pauseUs) in laid)
            {
                at += gapUs;
                spans.Add((at, pauseUs));
                at += pauseUs;
            }

            long most = 0;
            for (long from = -windowUs; from <= at; from++)
            {
                most = Math.Max(most, spans.Sum(p => Math.Max(0, Math.Min(p.At + p.Us, from + windowUs) - Math.Max(p.At, from))));
            }

            var pauses = Pauses([.. spans.Select(p => (p.At / 1000.0, p.Us / 1000.0))]);
            return Math.Abs(pauses.MostPausedWithin(windowUs / 1000.0) - (most / 1000.0)) < 1e-9;
        });
    }

    [Fact]
    public void WithoutSpans_AllThePausedTimeMayFallInOneGap()
    {
        var older = new HarnessPauses { Count = 3, MaxMs = 2, TotalMs = 5 };

        Assert.Equal(1.5, older.MostPausedWithin(1.5));
        Assert.Equal(5, older.MostPausedWithin(20));
    }

    // Against every way of choosing which gaps were widened (up to the bound, each shorter by up to the
    // paused time that fits in it): the lowest the percentile can then be is what LowestAt says.
    [Fact]
    public void LowestAt_IsTheLowestOverEveryChoiceOfWidenedGaps()
    {
        var spans = Gen.Select(Gen.Int[0, 60], Gen.Int[1, 30]).Array[1, 3];
        Gen.Select(Gen.Int[1, 40].Array[1, 9], Gen.Int[1, 3], spans, Gen.Double[1, 99.9]).Sample((values, streams, starts, percentile) =>
        {
            // Pauses in µs, laid end to end after the gaps between them, so they do not overlap.
            var laid = new List<(double AtMs, double Ms)>();
            double at = 0;
            foreach (var (gapUs, pauseUs) in starts)
            {
                at += gapUs;
                laid.Add((at / 1000.0, pauseUs / 1000.0));
                at += pauseUs;
            }

            var pauses = Pauses([.. laid]);
            var series = Series(streams, laid.Count, 1) with { HarnessPauses = pauses };
            var itl = Gaps(values.GroupBy(v => (long)v).Select(g => (g.Key, (long)g.Count())));
            double? lowest = PausedGaps.LowestAt(series, itl, percentile);
            long widened = Math.Min(values.Length, laid.Count * streams);

            long rank = HistogramSet.RankOf(percentile, values.Length);
            long best = long.MaxValue;
            for (int mask = 0; mask < 1 << values.Length; mask++)
            {
                if (System.Numerics.BitOperations.PopCount((uint)mask) > widened)
                {
                    continue;
                }

                var shortened = values.Select((v, i) => (mask & (1 << i)) != 0 ? Math.Max(0, v - (long)Math.Ceiling(Math.Round(pauses.MostPausedWithin(v / 1000.0) * 1000, 3))) : v).Order().ToArray();
                best = Math.Min(best, shortened[rank - 1]);
            }

            return lowest == best / 1000.0;
        });
    }
}
