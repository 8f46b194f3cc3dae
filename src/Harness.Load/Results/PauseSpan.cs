namespace Harness.Load.Results;

/// <summary>
/// One of the harness's own pauses (<see cref="HarnessPauses"/>): when it began and how long it lasted.
/// Kept so that what several pauses close together did to one gap between tokens can be bounded: the
/// machine's come in bursts, a few milliseconds apart.
/// </summary>
public sealed record PauseSpan
{
    /// <summary>
    /// When it began, ms on the harness process's own clock (from when it began watching for
    /// pauses): only the distance between two spans of one process means anything.
    /// </summary>
    public double AtMs { get; init; }

    /// <summary>How long it lasted, ms.</summary>
    public double Ms { get; init; }

    /// <summary>When it ended, on the same clock as <see cref="AtMs"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double EndMs => AtMs + Ms;
}
