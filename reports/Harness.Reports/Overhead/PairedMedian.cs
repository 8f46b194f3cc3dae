namespace Harness.Reports.Overhead;

/// <summary>
/// The median of the pairs' own differences (via − direct) with a distribution-free 95% interval:
/// the order statistics whose ranks a Binomial(n, ½) puts 2.5% beyond on each side (the sign test's
/// interval). Unlike a difference of percentiles it uses the pairing, so drift shared by the two
/// requests of a pair cancels.
/// </summary>
public sealed record PairedMedian
{
    /// <summary>Pairs with the metric on both sides.</summary>
    public required long Pairs { get; init; }

    /// <summary>The median difference, ms (null without pairs).</summary>
    public double? MedianMs { get; init; }

    /// <summary>Lower bound of the 95% interval, ms (null under 6 pairs, where no order statistic reaches 95%).</summary>
    public double? CiLowMs { get; init; }

    /// <summary>Upper bound of the 95% interval, ms.</summary>
    public double? CiHighMs { get; init; }

    /// <summary>The median of <paramref name="differencesMs"/> and its interval.</summary>
    public static PairedMedian Of(IReadOnlyList<double> differencesMs)
    {
        ArgumentNullException.ThrowIfNull(differencesMs);
        int n = differencesMs.Count;
        if (n == 0)
        {
            return new PairedMedian { Pairs = 0 };
        }

        double[] sorted = [.. differencesMs];
        Array.Sort(sorted);
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
        int lower = LowerRank(n);
        return lower < 1
            ? new PairedMedian { Pairs = n, MedianMs = median }
            : new PairedMedian { Pairs = n, MedianMs = median, CiLowMs = sorted[lower - 1], CiHighMs = sorted[n - lower] };
    }

    /// <summary>
    /// The largest rank l (1-based) with P(X &lt; l) ≤ 2.5% for X ~ Binomial(n, ½); the interval is
    /// [x₍ₗ₎, x₍ₙ₋ₗ₊₁₎]. 0 when even [x₍₁₎, x₍ₙ₎] covers less than 95% (n &lt; 6).
    /// </summary>
    public static int LowerRank(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        // P(X = i) in logs, so 2^-n never underflows before the sum is formed.
        double logPmf = -n * Math.Log(2);
        double below = 0;
        int rank = 0;
        for (int i = 0; i <= n / 2; i++)
        {
            below += Math.Exp(logPmf);
            if (below > 0.025)
            {
                break;
            }

            rank = i + 1;
            logPmf += Math.Log(n - i) - Math.Log(i + 1);
        }

        return rank;
    }
}
