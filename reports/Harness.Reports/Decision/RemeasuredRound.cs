namespace Harness.Reports.Decision;

/// <summary>
/// A measurement of a round set aside and the round measured again because the machine stood still
/// in it (results.json's <c>series[].setAside</c>): the answer is from the measurement kept.
/// </summary>
public sealed record RemeasuredRound
{
    /// <summary>The series' transport.</summary>
    public required string Transport { get; init; }

    /// <summary>The series' load point.</summary>
    public required string LoadPoint { get; init; }

    /// <summary>The round, from 1.</summary>
    public int Round { get; init; }

    /// <summary>The rounds planned.</summary>
    public int RoundCount { get; init; }

    /// <summary>Why this measurement was set aside.</summary>
    public required string Because { get; init; }
}
