namespace Harness.Reports.JUnit;

/// <summary>How a JUnit test case ended; each maps to one JUnit element (none for passed).</summary>
public enum JUnitOutcome
{
    /// <summary>Passed: no child element.</summary>
    Passed,

    /// <summary><c>&lt;failure&gt;</c>: the check ran and did not hold (a claim not met, a check failed).</summary>
    Failed,

    /// <summary><c>&lt;error&gt;</c>: no verdict could be reached (an inconclusive claim): neither pass nor fail.</summary>
    Error,

    /// <summary><c>&lt;skipped&gt;</c>: the check did not apply (a conformance check without what it needs).</summary>
    Skipped,
}
