namespace Harness.Conformance.Parsers;

/// <summary>How one parser did on one rule case.</summary>
/// <param name="CaseId">The rule case.</param>
/// <param name="Parser">The adapter's name.</param>
/// <param name="WholeOk">Right events when the input is read in one piece.</param>
/// <param name="SplitOk">Right events when the input is read one byte at a time.</param>
/// <param name="Detail">What went wrong (expected vs got, or the exception), or empty.</param>
public sealed record ParserCaseOutcome(string CaseId, string Parser, bool WholeOk, bool SplitOk, string Detail)
{
    /// <summary>True when both read modes gave the right events.</summary>
    public bool Ok => WholeOk && SplitOk;

    /// <summary>The matrix cell: ✓, ✗, or ✗ (1-byte) when only split reads fail.</summary>
    public string Cell => Ok ? "✓" : WholeOk ? "✗ (1-byte reads)" : !SplitOk ? "✗" : "✗ (whole reads)";
}
