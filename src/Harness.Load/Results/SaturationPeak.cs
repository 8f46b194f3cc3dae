namespace Harness.Load.Results;

/// <summary>
/// Where a run's scheduling lag was worst (<see cref="SaturationStatus.Peak"/>): the series, and for a
/// series measured in interleaved rounds the round, since a round measured on its own can pass the
/// threshold while its series taken together does not.
/// </summary>
public sealed record SaturationPeak
{
    /// <summary>The lag p99 there, in milliseconds.</summary>
    public double LagP99Ms { get; init; }

    /// <summary>The series' transport: <c>sse</c>, <c>sse-h2</c>, <c>ws</c>.</summary>
    public required string Transport { get; init; }

    /// <summary>The series' load point: <c>c100</c>, <c>r20</c>.</summary>
    public required string LoadPoint { get; init; }

    /// <summary>The round, from 1 (null for a series measured in one block).</summary>
    public int? Round { get; init; }

    /// <summary>The series' rounds (null for a series measured in one block).</summary>
    public int? Rounds { get; init; }

    /// <summary>The series' own lag p99 over all its rounds taken together, in milliseconds.</summary>
    public double SeriesLagP99Ms { get; init; }
}
