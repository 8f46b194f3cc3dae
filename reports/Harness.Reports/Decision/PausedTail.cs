namespace Harness.Reports.Decision;

/// <summary>
/// A series whose TTFT p99 is the harness's own: without the requests one of the harness process's
/// pauses (a blocking garbage collection, say) may have delayed, its TTFT p99 is lower by more than
/// the run's saturation threshold.
/// </summary>
public sealed record PausedTail
{
    /// <summary>The series' transport.</summary>
    public required string Transport { get; init; }

    /// <summary>The series' load point.</summary>
    public required string LoadPoint { get; init; }

    /// <summary>The series' TTFT p99, ms.</summary>
    public double TtftP99Ms { get; init; }

    /// <summary>TTFT p99 of the other requests, ms.</summary>
    public double UndelayedP99Ms { get; init; }

    /// <summary>Requests a pause may have delayed (<see cref="Harness.Load.Results.HarnessPauses.TtftDelayed"/>).</summary>
    public long Delayed { get; init; }

    /// <summary>Requests with a TTFT.</summary>
    public long Measured { get; init; }

    /// <summary>The longest pause in the series' measured window, ms.</summary>
    public double MaxPauseMs { get; init; }
}
