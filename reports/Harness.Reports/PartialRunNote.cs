using Harness.Load.Results;

namespace Harness.Reports;

/// <summary>
/// What the report's "Partial run" banner says: which agents a merge left out, which series were
/// stopped because their endpoint could not serve, else that the run was stopped early.
/// </summary>
internal static class PartialRunNote
{
    /// <summary>
    /// Whether the banner is shown: not when the run failed whole, whose banner already says why it
    /// stopped (a second "stopped early" would only repeat it).
    /// </summary>
    public static bool Shown(ReportSummary summary) => summary.Partial && (summary.FailureWarning is null || summary.MissingAgents.Count > 0);

    /// <summary>The banner's text after "Partial run: ", ending with a full stop.</summary>
    public static string Of(ReportSummary summary)
    {
        var missing = summary.MissingAgents;
        if (missing.Count > 0)
        {
            return $"agent{(missing.Count > 1 ? "s" : string.Empty)} {string.Join(", ", missing)} not merged; figures cover the merged agents' share of the load only.";
        }

        // Stopped by the harness, not interrupted: name what and why, so the rest reads as measured in full.
        var unservable = summary.Series.Where(s => s.StoppedBecause is not null).ToList();
        return unservable.Count > 0
            ? "stopped early: " + string.Join("; ", unservable.Select(s => $"{s.Transport} {s.LoadPoint}: {RunFailure.StopText(s)}")) + "; a stopped transport ran no further series, the others ran in full."
            : "stopped early" + Stopped(summary) + "; figures cover what was measured.";
    }

    // Requests the interruption cut off ended neither ok nor failed: named, or "requests" would not add up.
    private static string Stopped(ReportSummary summary) =>
        summary.Series.Sum(s => s.Outcomes.GetValueOrDefault(Harness.Clients.OutcomeNames.ToName(Harness.Clients.RequestOutcome.Stopped))) is long stopped and > 0
            ? $" ({Format.Count(stopped)} {(stopped == 1 ? "request" : "requests")} cut off and counted as stopped: in requests, but neither ok nor errors)"
            : string.Empty;
}
