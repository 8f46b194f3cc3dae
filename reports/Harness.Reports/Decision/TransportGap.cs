namespace Harness.Reports.Decision;

/// <summary>How much slower one transport is than the fastest at one load point and percentile.</summary>
public sealed record TransportGap
{
    /// <summary>The slower transport.</summary>
    public required string Transport { get; init; }

    /// <summary>Its percentile minus the fastest transport's, ms.</summary>
    public double? DifferenceMs { get; init; }

    /// <summary>Lower bound of the difference's 95% bootstrap interval, ms.</summary>
    public double? CiLowMs { get; init; }

    /// <summary>Upper bound of the difference's 95% bootstrap interval, ms.</summary>
    public double? CiHighMs { get; init; }

    /// <summary>The difference round by round, when both series were measured in interleaved rounds; null otherwise.</summary>
    public RoundDifferences? Rounds { get; init; }

    /// <summary>
    /// True when both series have enough samples, the whole interval is above 0 and, measured in
    /// rounds, the difference held in every round (<see cref="RoundDifferences.Held"/>).
    /// </summary>
    public bool Detectable { get; init; }

    /// <summary>True when the pooled interval alone would have called it but the rounds disagreed.</summary>
    public bool FailedAcrossRounds { get; init; }
}
