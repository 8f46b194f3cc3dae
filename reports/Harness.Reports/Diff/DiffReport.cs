using Harness.Reports.Claims;

namespace Harness.Reports.Diff;

/// <summary>The result of comparing a candidate run against a baseline run (<c>harness diff</c>).</summary>
public sealed record DiffReport
{
    /// <summary>The baseline results directory.</summary>
    public required string Baseline { get; init; }

    /// <summary>The candidate results directory.</summary>
    public required string Candidate { get; init; }

    /// <summary>The regression limit as written.</summary>
    public required string MaxRegression { get; init; }

    /// <summary>Ways the runs do not match (schedule, model, load, transports); empty when they match.</summary>
    public List<string> Mismatches { get; init; } = [];

    /// <summary>What to weigh before trusting the rows, though the runs match: a partial run (stopped early) on either side.</summary>
    public List<string> Cautions { get; init; } = [];

    /// <summary>True when the runs did not match and <c>--allow-mismatch</c> was not given: nothing was judged.</summary>
    public bool Refused { get; init; }

    /// <summary>True when both sides are one run (the same <c>runId</c>): refused even with <c>--allow-mismatch</c>.</summary>
    public bool SameRun { get; init; }

    /// <summary>Met when no row regressed past the limit, no series fails more than allowed, and every row could be judged.</summary>
    public VerdictStatus Overall { get; init; }

    /// <summary>How the intervals were computed.</summary>
    public required string Method { get; init; }

    /// <summary>One row per matching series, metric and percentile.</summary>
    public List<DiffRow> Rows { get; init; } = [];

    /// <summary>One row per matching series: the candidate's failed share against the baseline's.</summary>
    public List<ErrorShareRow> ErrorShares { get; init; } = [];

    /// <summary>Metrics asked for that neither run measured in any matching series: they have no rows.</summary>
    public List<string> Unmeasured { get; init; } = [];

    /// <summary>What to do where a run's own saturation left rows inconclusive: one line per run, naming its lag and round.</summary>
    public List<string> Advice { get; init; } = [];

    /// <summary>Metrics of a series with too few samples on both sides to judge, where few are no sign of failures: shown, not in the gate.</summary>
    public List<NotComparedMetric> NotCompared { get; init; } = [];
}
