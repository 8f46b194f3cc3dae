using System.Globalization;

namespace Harness.Load.Results;

/// <summary>
/// What a run that measured nothing but failures says, in one place for stderr (the load verbs'
/// exit line) and the report's top, so that the two cannot drift: "every request failed (26072 of
/// 26072: http_error 26072; first: HTTP 500 ...)".
/// </summary>
public static class RunFailure
{
    /// <summary>
    /// "every request failed (…)", "stopped before any request finished (stopped 10)", "no measured
    /// request finished", or, when the endpoint was found unable to serve, "stopped early: every one
    /// of the 7 warm-up requests failed (…); nothing measured" when no request of
    /// <paramref name="series"/> succeeded; null when one did.
    /// </summary>
    public static string? Of(IReadOnlyList<SeriesResult> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Sum(s => s.Succeeded) > 0)
        {
            return null;
        }

        var stopped = series.Where(s => s.StoppedBecause is not null).ToList();
        if (stopped.Count > 0)
        {
            // The stop names the cause; the counts of what little was measured would only blur it.
            return "stopped early: " + string.Join("; ", stopped.Select(s => (series.Count > 1 ? $"{s.Transport} {s.LoadPoint}: " : string.Empty) + StopText(s)));
        }

        long requests = series.Sum(s => s.Requests);
        long failed = series.Sum(s => s.Errors);
        var outcomes = series.SelectMany(s => s.Outcomes).Where(o => o.Value > 0).GroupBy(o => o.Key)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Sum(o => o.Value)}")).ToList();
        // Requests an interruption stopped did not fail: a run cut off before any ended failed none.
        // No measured request at all: none started in the window (a closed model's streams were all
        // still on their warm-up requests: an endpoint slower than the run, or not answering), or a
        // signal came before the window.
        return requests == 0 ? NoneMeasured
            : failed == 0 ? string.Create(CultureInfo.InvariantCulture, $"stopped before any request finished ({string.Join(", ", outcomes)})")
            : string.Create(CultureInfo.InvariantCulture, $"every request failed ({failed} of {requests}: {string.Join(", ", outcomes)}{FirstFailureText(series.Select(s => s.FirstFailure), outcomes.Count)})");
    }

    /// <summary>What a run that measured no request at all says.</summary>
    public const string NoneMeasured = "no measured request finished: none started in the measured window (the streams were still on their warm-up requests, slower than the run, or it was stopped before the window)";

    /// <summary>
    /// Why a series was stopped early (<see cref="SeriesResult.StoppedBecause"/>), and "; nothing
    /// measured" when it stopped in its warm-up; empty when it ran its course.
    /// </summary>
    public static string StopText(SeriesResult series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return series.StoppedBecause is not { } why ? string.Empty
            : series.Requests == 0 ? why + "; nothing measured"
            : why;
    }

    /// <summary>True when <paramref name="series"/> measured requests and a signal stopped every one: nothing failed, nothing finished.</summary>
    public static bool Stopped(IReadOnlyList<SeriesResult> series) =>
        series.Sum(s => s.Requests) > 0 && series.Sum(s => s.Succeeded) == 0 && series.Sum(s => s.Errors) == 0;

    /// <summary>
    /// "; first: connection refused (127.0.0.1:8080)": what the first failed request met, so a run
    /// that failed whole names its cause (and, through it, where). The outcome is left off when every
    /// failure had the same one, since the counts just named it. Empty when no failure was kept.
    /// </summary>
    public static string FirstFailureText(IEnumerable<string?> firstFailures, int outcomeKinds)
    {
        ArgumentNullException.ThrowIfNull(firstFailures);
        if (firstFailures.FirstOrDefault(f => f is not null) is not { } first)
        {
            return string.Empty;
        }

        int colon = first.IndexOf(": ", StringComparison.Ordinal);
        return outcomeKinds != 1 ? $"; first: {first}"
            : colon > 0 ? $"; first: {first[(colon + 2)..]}"
            : string.Empty;
    }
}
