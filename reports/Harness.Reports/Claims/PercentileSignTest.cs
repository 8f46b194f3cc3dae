namespace Harness.Reports.Claims;

/// <summary>
/// The exact binomial test of a percentile against a threshold, which assumes nothing about the
/// distribution: were the percentile P exactly at the threshold, each sample would fall past it with
/// probability q = 1 − P/100. A count of samples past it that unlikely under that (one-sided
/// <see cref="Alpha"/>, as each end of a 95 % interval) decides a claim even where too few samples
/// leave the bootstrap interval untrustworthy: all 40 first tokens at 100 ms are enough to say
/// "p95 &lt; 50 ms" is not met.
/// </summary>
public static class PercentileSignTest
{
    /// <summary>The one-sided level: 2.5 %, as each end of a two-sided 95 % interval.</summary>
    public const double Alpha = 0.025;

    /// <summary>P(K ≥ <paramref name="k"/>) for K ~ Binomial(<paramref name="n"/>, <paramref name="q"/>).</summary>
    public static double AtLeast(long n, long k, double q) => k <= 0 ? 1 : Sum(n, q, k, n);

    /// <summary>P(K ≤ <paramref name="k"/>) for K ~ Binomial(<paramref name="n"/>, <paramref name="q"/>).</summary>
    public static double AtMost(long n, long k, double q) => k >= n ? 1 : Sum(n, q, 0, k);

    // Σ P(K = j) for j in [from, to], each term in log space so that 0.5^3000 does not underflow
    // before its binomial coefficient lifts it.
    private static double Sum(long n, double q, long from, long to)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (q <= 0 || q >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "a probability strictly between 0 and 1");
        }

        double logQ = Math.Log(q), logNotQ = Math.Log(1 - q);
        double logCoefficient = 0; // log C(n, j), built up from j = 0
        double sum = 0;
        for (long j = 0; j <= Math.Min(to, n); j++)
        {
            if (j > 0)
            {
                logCoefficient += Math.Log((double)(n - j + 1) / j);
            }

            if (j >= from)
            {
                sum += Math.Exp(logCoefficient + (j * logQ) + ((n - j) * logNotQ));
            }
        }

        return Math.Min(1, sum);
    }
}
