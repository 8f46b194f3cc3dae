namespace Harness.Reports.Claims;

/// <summary>How a claimed value compares to its threshold.</summary>
public enum ClaimComparison
{
    /// <summary><c>&lt;</c>: strictly below the threshold.</summary>
    LessThan,

    /// <summary><c>&lt;=</c>: at or below the threshold.</summary>
    LessThanOrEqual,

    /// <summary><c>&gt;</c>: strictly above (goodput, throughput).</summary>
    GreaterThan,

    /// <summary><c>&gt;=</c>: at or above (goodput, throughput).</summary>
    GreaterThanOrEqual,
}
