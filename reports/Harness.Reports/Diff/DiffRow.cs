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

    /// <summary>Baseline's percentile, ms (null without samples); +∞ (JSON <c>"Infinity"</c>) where failed requests, counted above any value, reach it.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double? BaselineMs { get; init; }

    /// <summary>Candidate's percentile, ms (null without samples); +∞ (JSON <c>"Infinity"</c>) where failed requests reach it.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double? CandidateMs { get; init; }

    /// <summary>Candidate − baseline, ms (null without samples); +∞ where only the candidate's percentile is a failed request, −∞ where only the baseline's is (JSON <c>"Infinity"</c>, <c>"-Infinity"</c>).</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double? DifferenceMs { get; init; }

    /// <summary>
    /// Lower bound of the difference's 95% interval, ms (null without samples): −∞ where a baseline
    /// resample's percentile fell among its failed requests, +∞ where nearly every candidate
    /// resample's did (JSON <c>"-Infinity"</c>, <c>"Infinity"</c>, as in <c>verdicts.json</c>).
    /// </summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double? CiLowMs { get; init; }

    /// <summary>Upper bound of the difference's 95% interval, ms (null without samples); ±∞ where unbounded (see <see cref="CiLowMs"/>).</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double? CiHighMs { get; init; }

    /// <summary>
    /// The difference as a share of the baseline (0.2 for +20%): +∞ (JSON <c>"Infinity"</c>) where only
    /// the candidate's percentile is a failed request; null without samples, at a baseline of 0, or
    /// where the baseline's percentile is a failed request (no share of +∞ says anything).
    /// </summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double? RelativeChange { get; init; }

    /// <summary>Samples in the baseline.</summary>
    public long BaselineCount { get; init; }

    /// <summary>Samples in the candidate.</summary>
    public long CandidateCount { get; init; }

    /// <summary>Samples each side needs for this percentile.</summary>
    public long MinimumSamples { get; init; }

    /// <summary>
    /// The regression allowed here, ms (null without samples): +∞ (JSON <c>"Infinity"</c>) for a share of
    /// a baseline whose percentile is a failed request, 0% included.
    /// </summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double? LimitMs { get; init; }

    /// <summary>Regressed, improved, no detectable difference, or too few samples.</summary>
    public required DiffStatus Status { get; init; }

    /// <summary>The gate: met (within the limit), not met (past it, interval clear of it), inconclusive.</summary>
    public required VerdictStatus Gate { get; init; }

    /// <summary>Why, in one sentence.</summary>
    public required string Reason { get; init; }
}
