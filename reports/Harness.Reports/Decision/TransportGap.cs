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
    /// What the interval's low end had to clear, ms: the run's resolution (the harness's scheduling
    /// lag p99) plus the histograms' value step at these percentiles (HdrHistogram keeps 3 significant
    /// digits: 1.02 ms at a one-second e2e).
    /// </summary>
    public double ResolutionMs { get; init; }

    /// <summary>
    /// True when both series have enough samples, the whole interval is above <see cref="ResolutionMs"/>
    /// (plus <see cref="LagBoundMs"/> where the harness was saturated) and, measured in rounds, the difference held in every round (<see cref="RoundDifferences.Held"/>).
    /// </summary>
    public bool Detectable { get; init; }

    /// <summary>True when the pooled interval alone would have called it but the rounds disagreed.</summary>
    public bool FailedAcrossRounds { get; init; }

    /// <summary>True when the interval was above 0 (and the rounds agreed) but not above <see cref="ResolutionMs"/>.</summary>
    public bool WithinResolution { get; init; }

    /// <summary>
    /// Where the harness was saturated at this load point: both transports' lag (each its worst
    /// round's lag p99), which may have moved either side's figure; null where it kept up.
    /// </summary>
    public double? LagBoundMs { get; init; }

    /// <summary>True when the interval cleared the resolution but not the resolution plus <see cref="LagBoundMs"/>: the saturated harness's lag could make the difference.</summary>
    public bool WithinLag { get; init; }
}
