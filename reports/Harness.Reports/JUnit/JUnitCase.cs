using System.Globalization;
using Harness.Reports.Claims;
using Harness.Reports.Diff;

namespace Harness.Reports.JUnit;

/// <summary>One JUnit test case: a conformance check, a claim judged on one series, or one percentile of a diff.</summary>
/// <param name="ClassName">The group (<c>conformance.sse</c>, <c>verify.sse.c10</c>).</param>
/// <param name="Name">The case (a check id, a claim in its canonical form).</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Message">One line: why it failed, errored or was skipped.</param>
/// <param name="Details">The evidence, as the element's text.</param>
/// <param name="Seconds">How long it took.</param>
public sealed record JUnitCase(string ClassName, string Name, JUnitOutcome Outcome, string? Message = null, string? Details = null, double Seconds = 0)
{
    /// <summary>A claim's verdict on one series: met passes, not met fails, inconclusive is an error (no verdict).</summary>
    public static JUnitCase Of(ClaimVerdict verdict, string suite)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var outcome = OutcomeOf(verdict.Status);
        return new JUnitCase($"{suite}.{verdict.Transport}.{verdict.LoadPoint}", NameOf(verdict.Claim), outcome, outcome == JUnitOutcome.Passed ? null : verdict.Reason, verdict.Reason);
    }

    /// <summary>
    /// A claim's case name: its canonical form, so rewriting "ttft p50&lt;60ms" as "ttft p50 &lt; 60ms"
    /// keeps the test's CI history. Every verdict (verify, thresholds, overhead) goes through here;
    /// text that no longer parses keeps its own words.
    /// </summary>
    public static string NameOf(string claimText)
    {
        ArgumentNullException.ThrowIfNull(claimText);
        try
        {
            return Claim.Parse(claimText).Canonical;
        }
        catch (FormatException)
        {
            return claimText;
        }
    }

    /// <summary>
    /// One series × metric × percentile of a diff: within the limit passes, a regression past it
    /// fails, inconclusive (the interval straddles the limit, or too few samples) is an error.
    /// </summary>
    public static JUnitCase Of(DiffRow row, string suite)
    {
        ArgumentNullException.ThrowIfNull(row);
        var outcome = OutcomeOf(row.Gate);
        string name = $"{row.Metric} p{row.Percentile.ToString("0.###", CultureInfo.InvariantCulture)}";
        return new JUnitCase($"{suite}.{row.Transport}.{row.LoadPoint}", name, outcome, outcome == JUnitOutcome.Passed ? null : row.Reason, row.Reason);
    }

    private static JUnitOutcome OutcomeOf(VerdictStatus status) => status switch
    {
        VerdictStatus.Met => JUnitOutcome.Passed,
        VerdictStatus.NotMet => JUnitOutcome.Failed,
        _ => JUnitOutcome.Error,
    };
}
