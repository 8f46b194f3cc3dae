namespace Harness.Reports.Claims;

/// <summary>How a claimed percentile compares to its threshold.</summary>
public enum ClaimComparison
{
    /// <summary><c>&lt;</c>: strictly below the threshold.</summary>
    LessThan,

    /// <summary><c>&lt;=</c>: at or below the threshold.</summary>
    LessThanOrEqual,
}
