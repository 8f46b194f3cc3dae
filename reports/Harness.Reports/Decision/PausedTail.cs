namespace Harness.Reports.Decision;

/// <summary>
/// A series whose TTFT, e2e or ITL p99 is the harness's own: without the requests one of the harness
/// process's pauses (a blocking garbage collection, the machine standing still) may have delayed, its
/// TTFT or e2e p99 is lower by more than the run's saturation threshold; without the gaps a pause
/// may have widened, its ITL p99 could be (<see cref="Harness.Load.Results.PausedGaps"/>).
/// </summary>
public sealed record PausedTail
{
    /// <summary>The series' transport.</summary>
    public required string Transport { get; init; }

    /// <summary>The series' load point.</summary>
    public required string LoadPoint { get; init; }

    /// <summary>The metric whose p99 it is: <c>ttft</c>, <c>e2e</c> or <c>itl</c>.</summary>
    public required string Metric { get; init; }

    /// <summary>The series' p99 of <see cref="Metric"/>, ms.</summary>
    public double P99Ms { get; init; }

    /// <summary>
    /// TTFT or e2e p99 of the other requests, ms; of ITL, the lowest p99 the gaps could have without
    /// those a pause may have widened.
    /// </summary>
    public double UndelayedP99Ms { get; init; }

    /// <summary>
    /// Requests a pause may have delayed (<see cref="Harness.Load.Results.HarnessPauses.DelayedIn"/>),
    /// or of ITL the gaps it may have widened at most (<see cref="Harness.Load.Results.PausedGaps.WidenedAtMost"/>).
    /// </summary>
    public long Delayed { get; init; }

    /// <summary>Requests judged (with a TTFT, or successful for e2e), or gaps between tokens.</summary>
    public long Measured { get; init; }

    /// <summary>The longest pause in the series' measured window, ms.</summary>
    public double MaxPauseMs { get; init; }
}
