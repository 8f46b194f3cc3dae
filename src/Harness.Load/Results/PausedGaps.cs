using Harness.Core;
using HdrHistogram;

namespace Harness.Load.Results;

/// <summary>
/// How low a series' inter-token gaps could read without what the harness's own pauses
/// (<see cref="HarnessPauses"/>) may have added to them. A pause holds back the next token of every
/// stream in flight, so it widens at most one gap per stream, by at most its own length (a gap that
/// several fell in, by all of them); which gaps it widened is not recorded (the recorder keeps no
/// time per gap), so the figure is the lowest the percentile could be were the widened gaps the ones
/// that most lower it. TTFT needs no such bound:
/// each request's own times say whether a pause was on its way (<see cref="HarnessPauses.TtftUndelayed"/>).
/// </summary>
public static class PausedGaps
{
    /// <summary>
    /// At most how many of <paramref name="gaps"/> gaps the series' pauses widened: one per stream in
    /// flight per pause (<see cref="StallReach.InFlight"/>); 0 without pauses, or when the load does
    /// not say how many were in flight.
    /// </summary>
    public static long WidenedAtMost(SeriesResult series, long gaps)
    {
        ArgumentNullException.ThrowIfNull(series);
        return series.HarnessPauses is { Count: > 0 } pauses && StallReach.InFlight(series) is double inFlight
            ? Math.Min(gaps, (long)Math.Ceiling(pauses.Count * inFlight))
            : 0;
    }

    /// <summary>
    /// The lowest <paramref name="percentile"/> of <paramref name="itl"/> (ms) once up to
    /// <see cref="WidenedAtMost"/> of its gaps are each made shorter by up to the paused time that fits
    /// in them (<see cref="HarnessPauses.MostPausedWithin"/>: the longest pause, or more where pauses
    /// came close together, as the machine's do in bursts): the smallest x such that the gaps at or
    /// below x, with as many of those that could be brought down to it as may have been widened,
    /// reach the percentile's rank (<see cref="HistogramSet.RankOf"/>). Null when no pause may have
    /// widened a gap.
    /// </summary>
    public static double? LowestAt(SeriesResult series, HistogramBase itl, double percentile)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(itl);
        return series.HarnessPauses is { } pauses ? LowestAt(pauses, WidenedAtMost(series, itl.TotalCount), itl, percentile) : null;
    }

    /// <summary>
    /// As <see cref="LowestAt(SeriesResult, HistogramBase, double)"/>, with at most
    /// <paramref name="widened"/> of the gaps widened by <paramref name="pauses"/> (counted by the
    /// caller, as an overhead run does per side). Null when no gap may have been widened.
    /// </summary>
    public static double? LowestAt(HarnessPauses pauses, long widened, HistogramBase itl, double percentile)
    {
        ArgumentNullException.ThrowIfNull(pauses);
        ArgumentNullException.ThrowIfNull(itl);
        widened = Math.Min(widened, itl.TotalCount);
        if (widened <= 0)
        {
            return null;
        }

        // A gap reads as its bucket's value; widened, it may have been as short as its bucket's lowest
        // value less what the pauses could have added to a gap that long. The lowest percentile is one
        // of those values.
        var buckets = itl.RecordedValues()
            .Select(b => (Value: b.ValueIteratedTo, Count: b.CountAtValueIteratedTo, Shortest: Math.Max(0, itl.LowestEquivalentValue(b.ValueIteratedTo) - Shift(pauses, b.ValueIteratedTo))))
            .ToList();
        var byShortest = buckets.OrderBy(b => b.Shortest).ToList();
        long rank = HistogramSet.RankOf(percentile, itl.TotalCount);
        var candidates = buckets.Select(b => b.Value).Concat(buckets.Select(b => b.Shortest)).Distinct().Order();
        // As x grows, the buckets at or below it (the first i by value) and the ones the pauses could
        // bring down to it (the first j by shortest) only grow, and the first are among the second.
        long atOrBelow = 0, withinReach = 0;
        int i = 0, j = 0;
        foreach (long x in candidates)
        {
            for (; i < buckets.Count && buckets[i].Value <= x; i++)
            {
                atOrBelow += buckets[i].Count;
            }

            for (; j < byShortest.Count && byShortest[j].Shortest <= x; j++)
            {
                withinReach += byShortest[j].Count;
            }

            if (atOrBelow + Math.Min(widened, withinReach - atOrBelow) >= rank)
            {
                return x / 1000.0;
            }
        }

        return null; // an empty histogram: its last bucket always reaches the rank
    }

    /// <summary>
    /// What the pauses may have done to the gaps of <paramref name="itl"/>, to follow "but" in a verdict:
    /// "the harness's own 3 pauses of up to 4.2 ms (3 the machine standing still) may have widened up to 30 of its 4410 gaps",
    /// adding ", by up to 9.1 ms where pauses came close together" when several may have fallen in one
    /// (or, from a file without <see cref="HarnessPauses.Spans"/>, what they would add were they all in one).
    /// </summary>
    public static string Describe(SeriesResult series, HistogramBase itl)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(itl);
        var pauses = series.HarnessPauses;
        double most = itl.TotalCount == 0 || pauses is null ? 0 : pauses.MostPausedWithin(itl.GetMaxValue() / 1000.0);
        string close = pauses is null || Math.Round(most, 1) <= Math.Round(pauses.MaxMs, 1) ? string.Empty
            : pauses.Spans is null ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $", by up to {most:0.#} ms if several fell in one gap (this file keeps no time per pause)")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $", by up to {most:0.#} ms where pauses came close together");
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"the harness's own {Plural.Of(pauses?.Count ?? 0, "pause")} of up to {pauses?.MaxMs ?? 0:0.#} ms{pauses?.MachineShare()} may have widened up to {WidenedAtMost(series, itl.TotalCount)} of its {itl.TotalCount} gaps{close}");
    }

    // µs the pauses could have added to a gap read as `valueUs`; rounded first so 0.003 ms is 3, not 4.
    private static long Shift(HarnessPauses pauses, long valueUs) =>
        (long)Math.Ceiling(Math.Round(pauses.MostPausedWithin(valueUs / 1000.0) * 1000, 3));
}
