using Harness.Reports.Claims;

namespace Harness.Reports.Diff;

/// <summary>
/// One series' failed requests in a diff: the candidate's share of failures against the baseline's,
/// with the difference's 95% interval. Latency percentiles hold successful requests only, so without
/// this row a candidate failing half its requests could pass, or even read as faster.
/// </summary>
public sealed record ErrorShareRow
{
    /// <summary>Transport series: <c>sse</c>, <c>sse-h2</c>, <c>ws</c>.</summary>
    public required string Transport { get; init; }

    /// <summary>Load point: <c>c10</c>, <c>r20</c>.</summary>
    public required string LoadPoint { get; init; }

    /// <summary>Failed requests in the baseline (any outcome but ok and stopped).</summary>
    public long BaselineFailed { get; init; }

    /// <summary>Requests the baseline ended (succeeded or failed).</summary>
    public long BaselineEnded { get; init; }

    /// <summary>Failed requests in the candidate.</summary>
    public long CandidateFailed { get; init; }

    /// <summary>Requests the candidate ended.</summary>
    public long CandidateEnded { get; init; }

    /// <summary>Candidate's failed share − baseline's (0.5 for 50 points more), null without requests on a side.</summary>
    public double? Difference { get; init; }

    /// <summary>Lower bound of the difference's 95% interval (Newcombe's, from both Wilson intervals).</summary>
    public double? CiLow { get; init; }

    /// <summary>Upper bound of the difference's 95% interval.</summary>
    public double? CiHigh { get; init; }

    /// <summary>The rise in failed share allowed: a relative --max-regression of the baseline's share; 0 for a time limit.</summary>
    public double Allowed { get; init; }

    /// <summary>Not met when the candidate fails more than allowed beyond doubt; inconclusive without requests; otherwise met.</summary>
    public required VerdictStatus Gate { get; init; }

    /// <summary>Why, in one sentence.</summary>
    public required string Reason { get; init; }
}
