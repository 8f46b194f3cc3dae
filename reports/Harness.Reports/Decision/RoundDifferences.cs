using Harness.Load.Results;

namespace Harness.Reports.Decision;

/// <summary>
/// One transport's percentile minus the fastest's in each round of an interleaved comparison, and
/// whether the difference held: above 0 in every round, and the Student-t 95% interval of their mean
/// above 0. The rounds ran at different moments, so their spread carries what drifts during a run
/// (the machine, its neighbours), which a bootstrap within the pooled series cannot see.
/// </summary>
public sealed record RoundDifferences
{
    /// <summary>The differences, ms, in round order (rounds where either side lacks the metric left out).</summary>
    public required List<double> ByRoundMs { get; init; }

    /// <summary>Their mean, ms.</summary>
    public double MeanMs { get; init; }

    /// <summary>Lower bound of the mean's 95% t interval, ms (null with fewer than two rounds).</summary>
    public double? LowMs { get; init; }

    /// <summary>Upper bound of the mean's 95% t interval, ms (null with fewer than two rounds).</summary>
    public double? HighMs { get; init; }

    /// <summary>True when every round's difference and the interval's lower bound are above 0.</summary>
    public bool Held { get; init; }

    // t(0.975, df) for df = 1..ComparisonPlan.MaxRounds - 1.
    private static readonly double[] s_t975 =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093,
    ];

    /// <summary>
    /// The differences of <paramref name="other"/>'s rounds from <paramref name="fastest"/>'s at a
    /// percentile of <paramref name="metric"/>; null unless both series were measured in rounds.
    /// </summary>
    public static RoundDifferences? Of(IReadOnlyList<RoundResult>? fastest, IReadOnlyList<RoundResult>? other, string metric, double percentile)
    {
        if (fastest is null || other is null)
        {
            return null;
        }

        var differences = new List<double>();
        foreach (var round in fastest)
        {
            if (round.Metrics.GetValueOrDefault(metric)?.At(percentile) is { } mine
                && other.FirstOrDefault(o => o.Round == round.Round)?.Metrics.GetValueOrDefault(metric)?.At(percentile) is { } theirs)
            {
                differences.Add(theirs - mine);
            }
        }

        int n = differences.Count;
        if (n < 2)
        {
            return new RoundDifferences { ByRoundMs = differences, MeanMs = n == 1 ? differences[0] : 0, Held = false };
        }

        double mean = differences.Average();
        double sd = Math.Sqrt(differences.Sum(d => (d - mean) * (d - mean)) / (n - 1));
        double half = s_t975[Math.Min(n - 1, s_t975.Length) - 1] * sd / Math.Sqrt(n);
        return new RoundDifferences
        {
            ByRoundMs = differences,
            MeanMs = mean,
            LowMs = mean - half,
            HighMs = mean + half,
            Held = differences.All(d => d > 0) && mean - half > 0,
        };
    }
}
