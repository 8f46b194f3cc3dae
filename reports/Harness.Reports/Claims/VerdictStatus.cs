namespace Harness.Reports.Claims;

/// <summary>The verdict on a claim; the numeric values are <c>harness verify</c>'s exit codes.</summary>
public enum VerdictStatus
{
    /// <summary>The whole 95% confidence interval satisfies the claim (exit 0).</summary>
    Met = 0,

    /// <summary>The whole 95% confidence interval violates the claim (exit 1).</summary>
    NotMet = 1,

    /// <summary>The interval straddles the threshold, or there are too few samples (exit 3).</summary>
    Inconclusive = 3,
}
