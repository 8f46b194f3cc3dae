namespace Harness.Load.Results;

/// <summary>
/// One round of a series measured in interleaved rounds (<see cref="SeriesResult.Rounds"/>): its own
/// window and metric summaries, so a comparison can see whether a difference held in every round
/// rather than in the rounds pooled.
/// </summary>
public sealed record RoundResult
{
    /// <summary>The round, from 1.</summary>
    public required int Round { get; init; }

    /// <summary>When its measured window began (UTC).</summary>
    public DateTimeOffset StartedUtc { get; init; }

    /// <summary>
    /// The series' second (<c>timeseries.csv</c>'s <c>second</c>) its window began at: its rows follow
    /// the previous round's, drain seconds included, so a chart needs this to leave the drain out. Null
    /// in older results and for a round without rows.
    /// </summary>
    public int? FirstSecond { get; init; }

    /// <summary>Measured seconds.</summary>
    public double DurationSeconds { get; init; }

    /// <summary>Requests started in its window.</summary>
    public long Requests { get; init; }

    /// <summary>Output tokens in its window (<see cref="SeriesResult.WindowTokens"/>); null in older results.</summary>
    public double? WindowTokens { get; init; }

    /// <summary>Successes in its window (<see cref="SeriesResult.WindowSucceeded"/>); null in older results.</summary>
    public double? WindowSucceeded { get; init; }

    /// <summary>The embedded fake's lateness in this round's window (null against a real endpoint).</summary>
    public ServerLateness? FakeLateness { get; init; }

    /// <summary>Summary per metric name (<see cref="MetricNames"/>) of this round alone.</summary>
    public Dictionary<string, MetricSummary> Metrics { get; init; } = [];

    /// <summary>
    /// In <see cref="SeriesResult.SetAside"/> only: why this measurement of the round was set aside and
    /// the round measured again (<see cref="MachineStall"/>); null for a round in the series' figures.
    /// </summary>
    public string? SetAsideBecause { get; init; }
}
