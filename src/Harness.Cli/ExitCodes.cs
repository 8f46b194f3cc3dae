namespace Harness.Cli;

/// <summary>
/// Exit codes, one table for every verb (docs/endpoints.md): 0 met/ok, 1 not met or the run failed,
/// 2 usage or unreadable input, 3 inconclusive (verify, diff) or a bad input stream (sse parse).
/// </summary>
public static class ExitCodes
{
    /// <summary>Success; for <c>verify</c> and thresholds, every claim met.</summary>
    public const int Ok = 0;

    /// <summary>
    /// A check failed: a conformance check, a gate, a claim or threshold not met, or the run itself
    /// failed (every measured request failed, even with no threshold).
    /// </summary>
    public const int Failed = 1;

    /// <summary>Bad usage: an unknown flag, a missing argument, an unreadable file.</summary>
    public const int Usage = 2;

    /// <summary>A verdict could not be reached (too few samples, an interval straddling the threshold).</summary>
    public const int Inconclusive = 3;

    /// <summary>The input stream itself was bad (for example an oversized SSE event): <c>sse parse</c>.</summary>
    public const int StreamError = 3;

    /// <summary>Interrupted by SIGINT (Ctrl+C): 128 + 2. What was measured is saved, marked partial.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM: 128 + 15. What was measured is saved, marked partial.</summary>
    public const int Terminated = 143;
}
