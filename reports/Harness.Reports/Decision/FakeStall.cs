namespace Harness.Reports.Decision;

/// <summary>
/// A series in which the embedded fake wrote more than 0.1 % of its tokens later than the run's
/// saturation threshold (one late token is a blip and not counted). The lag p99 behind the
/// resolution does not show such a stall, yet it delays every request in flight at that moment (in
/// a closed-model run against a fixed schedule, a whole wave of them) and can reach the series'
/// tail percentiles, so no transport is called faster on a p99 at its load point.
/// </summary>
public sealed record FakeStall
{
    /// <summary>The series' transport.</summary>
    public required string Transport { get; init; }

    /// <summary>The series' load point.</summary>
    public required string LoadPoint { get; init; }

    /// <summary>The fake's 99.9th percentile lateness in the series' measured window, ms.</summary>
    public double P999Ms { get; init; }

    /// <summary>The fake's largest lateness in the series' measured window, ms.</summary>
    public double MaxMs { get; init; }

    /// <summary>
    /// The rounds (1-based) in which the fake stalled on its own, when the series ran in rounds; empty
    /// when it did not, or when no single round did and only their sum crossed the line.
    /// </summary>
    public List<int> Rounds { get; init; } = [];

    /// <summary>The series' rounds; 0 when it ran in one block.</summary>
    public int RoundCount { get; init; }

    /// <summary>
    /// How late the fake's scheduler thread itself released tokens at most in the stalled rounds (the
    /// series, without rounds), ms; null in results without it. Says where the delay was
    /// (<see cref="Harness.Load.Results.ServerLateness.SchedulerMaxMs"/>).
    /// </summary>
    public double? SchedulerMaxMs { get; init; }
}
