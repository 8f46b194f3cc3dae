using Harness.Reports.Claims;
using HdrHistogram;

namespace Harness.Reports.Diff;

/// <summary>
/// The difference of one percentile between two histograms (candidate − baseline) with a seeded
/// bootstrap 95% interval: each replicate is an independent resample of each histogram (the two
/// samples are independent runs), and the interval is the 2.5th–97.5th percentile of the
/// replicates' differences. One home for "is B slower than A": <c>diff</c>, the report's transport
/// decision and <c>overhead</c> all use it.
/// </summary>
public static class PercentileDifference
{
    /// <summary>Candidate's percentile minus baseline's, with its interval. Either side empty: all NaN.</summary>
    public static DifferenceInterval Estimate(HistogramBase baseline, HistogramBase candidate, double percentile, int resamples = ClaimVerifier.DefaultResamples, int seed = ClaimVerifier.DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        return Estimate(new HistogramBootstrap(baseline), new HistogramBootstrap(candidate), percentile, resamples, seed);
    }

    /// <inheritdoc cref="Estimate(HistogramBase, HistogramBase, double, int, int)"/>
    public static DifferenceInterval Estimate(HistogramBootstrap baseline, HistogramBootstrap candidate, double percentile, int resamples = ClaimVerifier.DefaultResamples, int seed = ClaimVerifier.DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 2);
        if (baseline.Count == 0 || candidate.Count == 0)
        {
            return new DifferenceInterval(double.NaN, double.NaN, double.NaN, baseline.Count, candidate.Count);
        }

        double estimate = Minus(candidate.ValueAtPercentile(percentile), baseline.ValueAtPercentile(percentile));
        // Two streams from one seed, so the interval is reproducible and the sides do not share draws.
        var baseRandom = new Random(seed);
        var candidateRandom = new Random(unchecked((seed * 31) + 17));
        var differences = new double[resamples];
        for (int b = 0; b < resamples; b++)
        {
            differences[b] = Minus(candidate.Draw(percentile, candidateRandom), baseline.Draw(percentile, baseRandom));
        }

        Array.Sort(differences);
        return new DifferenceInterval(
            estimate,
            differences[(int)Math.Floor(0.025 * (resamples - 1))],
            differences[(int)Math.Ceiling(0.975 * (resamples - 1))],
            baseline.Count,
            candidate.Count);
    }

    // Failed requests are +∞ (see HistogramBootstrap): where both sides' percentile falls among
    // them, neither is slower there (not NaN, which would sort anywhere); how many failed is
    // judged on its own (diff's error-share row).
    private static double Minus(double candidate, double baseline) =>
        double.IsPositiveInfinity(candidate) && double.IsPositiveInfinity(baseline) ? 0 : candidate - baseline;
}
