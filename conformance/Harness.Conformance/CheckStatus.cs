namespace Harness.Conformance;

/// <summary>The verdict of one conformance check.</summary>
public enum CheckStatus
{
    /// <summary>The endpoint followed the rule.</summary>
    Pass,

    /// <summary>The endpoint broke the rule (the evidence says how).</summary>
    Fail,

    /// <summary>The rule could not be judged (too little data, or an opt-in probe was not configured).</summary>
    Skip,
}
