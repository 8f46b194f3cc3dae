namespace Harness.Load.Results;

/// <summary>
/// A merged series' scheduling lag as its agents measured it (<see cref="SeriesResult.AgentsLag"/>).
/// The merged lag histograms give a pooled p99 that can sit below the worst agent's, and merged
/// series keep no rounds; without these a merge would judge more boldly than any of its agents did.
/// </summary>
public sealed record AgentsLag
{
    /// <summary>The largest of the agents' own lag p99 for the series (its rounds taken together), in milliseconds.</summary>
    public double LagP99Ms { get; init; }

    /// <summary>The largest lag p99 of any agent's part of the series, one of its rounds counting on its own (<see cref="SaturationStatus.Peak"/>), in milliseconds.</summary>
    public double PeakLagP99Ms { get; init; }
}
