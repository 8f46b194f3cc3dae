using Harness.Reports.Claims;

namespace Harness.Reports.JUnit;

/// <summary>One JUnit test case: a conformance check, or a claim judged on one series.</summary>
/// <param name="ClassName">The group (<c>conformance.sse</c>, <c>verify.sse.c10</c>).</param>
/// <param name="Name">The case (a check id, a claim as written).</param>
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
        var outcome = verdict.Status switch
        {
            VerdictStatus.Met => JUnitOutcome.Passed,
            VerdictStatus.NotMet => JUnitOutcome.Failed,
            _ => JUnitOutcome.Error,
        };
        return new JUnitCase($"{suite}.{verdict.Transport}.{verdict.LoadPoint}", verdict.Claim, outcome, outcome == JUnitOutcome.Passed ? null : verdict.Reason, verdict.Reason);
    }
}
