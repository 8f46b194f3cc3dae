namespace Harness.Fakes;

/// <summary>
/// How late scheduled events left versus their due time (actual send minus scheduled send),
/// as recorded by <see cref="LatenessRecorder"/>.
/// </summary>
/// <param name="Count">Events recorded.</param>
/// <param name="P50">Median lateness.</param>
/// <param name="P99">99th percentile lateness.</param>
/// <param name="P999">99.9th percentile lateness.</param>
/// <param name="Max">Largest lateness.</param>
/// <param name="Mean">Mean lateness.</param>
public sealed record LatenessSnapshot(long Count, TimeSpan P50, TimeSpan P99, TimeSpan P999, TimeSpan Max, TimeSpan Mean);
