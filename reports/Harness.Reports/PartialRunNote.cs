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
            : "stopped early; figures cover what was measured.";
    }
}
