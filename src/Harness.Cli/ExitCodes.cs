namespace Harness.Cli;

/// <summary>Exit codes shared by every verb.</summary>
public static class ExitCodes
{
    /// <summary>Success (for <c>verify</c>: the claim is met).</summary>
    public const int Ok = 0;

    /// <summary>A check failed (a conformance check, a gate, a claim not met).</summary>
    public const int Failed = 1;

    /// <summary>Bad usage: an unknown flag, a missing argument, an unreadable file.</summary>
    public const int Usage = 2;

    /// <summary>The input stream itself was bad (for example an oversized SSE event).</summary>
    public const int StreamError = 3;
}
