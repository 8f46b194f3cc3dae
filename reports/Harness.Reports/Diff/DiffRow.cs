using System.Text.Json.Serialization;
using Harness.Reports.Claims;

namespace Harness.Reports.Diff;

/// <summary>One series, metric and percentile of a diff: candidate − baseline with its interval and verdict.</summary>
public sealed record DiffRow
{
    /// <summary>Transport series: <c>sse</c>, <c>sse-h2</c>, <c>ws</c>.</summary>
    public required string Transport { get; init; }

    /// <summary>Load point: <c>c10</c>, <c>r20</c>.</summary>
    public required string LoadPoint { get; init; }

    /// <summary>Metric (<c>ttft</c>, <c>itl</c>, <c>e2e</c>, ...).</summary>
    public required string Metric { get; init; }

    /// <summary>Percentile (99 for p99).</summary>
    public required double Percentile { get; init; }

    /// <summary>Baseline's percentile, ms (null without samples).</summary>
    public double? BaselineMs { get; init; }

    /// <summary>Candidate's percentile, ms (null without samples).</summary>
    public double? CandidateMs { get; init; }

    /// <summary>Candidate − baseline, ms.</summary>
    public double? DifferenceMs { get; init; }

    /// <summary>Lower bound of the difference's 95% interval, ms.</summary>
    public double? CiLowMs { get; init; }

    /// <summary>Upper bound of the difference's 95% interval, ms.</summary>
    public double? CiHighMs { get; init; }

    /// <summary>
    /// The interval's lower bound as computed: −∞ where a baseline resample's percentile fell among its
    /// failed requests, +∞ where nearly every candidate resample's did (<see cref="CiLowMs"/> is null
    /// there, JSON having no infinity); NaN without samples.
    /// </summary>
    [JsonIgnore]
    public double CiLowBoundMs { get; init; } = double.NaN;

    /// <summary>The interval's upper bound as computed, +∞ or −∞ where unbounded (see <see cref="CiLowBoundMs"/>).</summary>
    [JsonIgnore]
    public double CiHighBoundMs { get; init; } = double.NaN;

    /// <summary>The difference as a share of the baseline (0.2 for +20%).</summary>
    public double? RelativeChange { get; init; }

    /// <summary>Samples in the baseline.</summary>
    public long BaselineCount { get; init; }

    /// <summary>Samples in the candidate.</summary>
    public long CandidateCount { get; init; }

    /// <summary>Samples each side needs for this percentile.</summary>
    public long MinimumSamples { get; init; }

    /// <summary>The regression allowed here, ms.</summary>
    public double? LimitMs { get; init; }

    /// <summary>Regressed, improved, no detectable difference, or too few samples.</summary>
    public required DiffStatus Status { get; init; }

    /// <summary>The gate: met (within the limit), not met (past it, interval clear of it), inconclusive.</summary>
    public required VerdictStatus Gate { get; init; }

    /// <summary>Why, in one sentence.</summary>
    public required string Reason { get; init; }
}
