namespace Harness.Reports.Claims;

/// <summary>
/// The Wilson score 95% interval of a share (k of n): unlike the normal approximation it stays
/// within 0–1 and is honest at 0 or n successes and small n, which is where error shares live.
/// </summary>
internal static class WilsonInterval
{
    private const double Z = 1.959963984540054;

    public static (double Low, double High) Of(long k, long n) => n <= 0 ? (0, 1) : Of((double)k / n, n);

    /// <summary>The interval of share <paramref name="p"/> observed in <paramref name="n"/> trials (n may be fractional, for "what would a longer run give").</summary>
    public static (double Low, double High) Of(double p, double n)
    {
        double z2 = Z * Z;
        double centre = (p + (z2 / (2 * n))) / (1 + (z2 / n));
        double half = Z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4.0 * n * n))) / (1 + (z2 / n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
