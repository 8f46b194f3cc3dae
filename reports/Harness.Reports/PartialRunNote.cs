namespace Harness.Reports;

/// <summary>What the report's "Partial run" banner says: which agents a merge left out, else that the run stopped early.</summary>
internal static class PartialRunNote
{
    /// <summary>The banner's text after "Partial run: ", ending with a full stop.</summary>
    public static string Of(ReportSummary summary)
    {
        var missing = summary.MissingAgents;
        return missing.Count > 0
            ? $"agent{(missing.Count > 1 ? "s" : string.Empty)} {string.Join(", ", missing)} not merged; figures cover the merged agents' share of the load only."
            : "stopped early" + Stopped(summary) + "; figures cover what was measured.";
    }

    // Requests the interruption cut off ended neither ok nor failed: named, or "requests" would not add up.
    private static string Stopped(ReportSummary summary) =>
        summary.Series.Sum(s => s.Outcomes.GetValueOrDefault(Harness.Clients.OutcomeNames.ToName(Harness.Clients.RequestOutcome.Stopped))) is long stopped and > 0
            ? $" ({Format.Count(stopped)} {(stopped == 1 ? "request" : "requests")} cut off and counted as stopped: in requests, but neither ok nor errors)"
            : string.Empty;
}
