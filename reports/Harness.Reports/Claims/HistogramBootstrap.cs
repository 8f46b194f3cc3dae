using HdrHistogram;
using Harness.Load.Results;

namespace Harness.Reports.Claims;

/// <summary>
/// Bootstrap confidence interval of a percentile, resampling from an HdrHistogram's recorded
/// value distribution (seeded, so a verdict is reproducible).
/// </summary>
/// <remarks>
/// A plain bootstrap draws n values with replacement from the recorded ones and takes the
/// percentile of each resample: O(B·n), too slow for a million samples. The percentile of a
/// resample is its k-th smallest value (k = ⌈p·n⌉), and the k-th smallest of n draws from the
/// empirical distribution F is exactly F⁻¹(U) with U ~ Beta(k, n − k + 1). Drawing U directly
/// gives the same bootstrap distribution in O(B·log buckets). Values are bucket tops (HdrHistogram's
/// highest equivalent value, within 0.1%), matching <see cref="HistogramSet.ValueAtPercentile"/>.
/// </remarks>
public sealed class HistogramBootstrap
{
    private readonly double[] _values;
    private readonly long[] _cumulative;

    /// <summary>
    /// Captures the recorded values of <paramref name="histogram"/> (none when null), plus
    /// <paramref name="overLimit"/> samples above every value: failed requests, which count against
    /// a latency claim and are never dropped from its denominator. Their value is +∞, so a
    /// percentile whose rank falls among them is +∞ and no finite threshold holds.
    /// </summary>
    public HistogramBootstrap(HistogramBase? histogram, long overLimit = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(overLimit);
        var values = new List<double>();
        var cumulative = new List<long>();
        long running = 0;
        foreach (var bucket in histogram?.RecordedValues() ?? [])
        {
            running += bucket.CountAtValueIteratedTo;
            values.Add(bucket.ValueIteratedTo);
            cumulative.Add(running);
        }

        if (overLimit > 0)
        {
            running += overLimit;
            values.Add(double.PositiveInfinity);
            cumulative.Add(running);
        }

        _values = [.. values];
        _cumulative = [.. cumulative];
        Count = running;
    }

    /// <summary>Values recorded.</summary>
    public long Count { get; }

    /// <summary>
    /// The percentile (0–100) and its two-sided 95% bootstrap interval from
    /// <paramref name="resamples"/> seeded resamples. Empty histogram: all NaN.
    /// </summary>
    public PercentileInterval Estimate(double percentile, int resamples = 2000, int seed = 1)
    {
        if (Count == 0)
        {
            return new PercentileInterval(double.NaN, double.NaN, double.NaN, 0);
        }

        double estimate = ValueAtPercentile(percentile);
        var random = new Random(seed);
        var statistics = new double[resamples];
        for (int b = 0; b < resamples; b++)
        {
            statistics[b] = Draw(percentile, random);
        }

        Array.Sort(statistics);
        return new PercentileInterval(
            estimate,
            statistics[(int)Math.Floor(0.025 * (resamples - 1))],
            statistics[(int)Math.Ceiling(0.975 * (resamples - 1))],
            Count);
    }

    /// <summary>
    /// One bootstrap replicate of the percentile: the percentile of <see cref="Count"/> values drawn
    /// with replacement from the recorded ones (NaN when empty). Differences of two histograms'
    /// percentiles are built from independent replicates of each.
    /// </summary>
    public double Draw(double percentile, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (Count == 0)
        {
            return double.NaN;
        }

        long k = RankOf(percentile, Count);
        double u = SampleBeta(random, k, Count - k + 1);
        // F⁻¹(u): the smallest recorded value whose cumulative share reaches u.
        long rank = Math.Clamp((long)Math.Ceiling(u * Count), 1, Count);
        return ValueAtRank(rank);
    }

    /// <summary>The rank (1-based) of a percentile among n sorted values: <see cref="HistogramSet.RankOf"/>, the one rule the report's figures use too.</summary>
    public static long RankOf(double percentile, long count) => HistogramSet.RankOf(percentile, count);

    /// <summary>The recorded percentile (0–100): the value at its <see cref="RankOf"/> rank. At least one value must be recorded.</summary>
    public double ValueAtPercentile(double percentile) => ValueAtRank(RankOf(percentile, Count));

    /// <summary>The value at a 1-based rank of the sorted recorded values.</summary>
    public double ValueAtRank(long rank)
    {
        int index = Array.BinarySearch(_cumulative, rank);
        if (index < 0)
        {
            index = ~index;
        }

        return _values[Math.Min(index, _values.Length - 1)];
    }

    private static double SampleBeta(Random random, double a, double b)
    {
        double x = SampleGamma(random, a);
        double y = SampleGamma(random, b);
        return x / (x + y);
    }

    // Marsaglia and Tsang (2000); shape ≥ 1 always holds here (k ≥ 1 and n − k + 1 ≥ 1).
    private static double SampleGamma(Random random, double shape)
    {
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = SampleNormal(random);
                v = 1.0 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            double u = random.NextDouble();
            if (u < 1.0 - (0.0331 * x * x * x * x) || Math.Log(u) < (0.5 * x * x) + (d * (1.0 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    private static double SampleNormal(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
