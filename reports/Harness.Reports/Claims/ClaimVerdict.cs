using System.Text.Json.Serialization;

namespace Harness.Reports.Claims;

/// <summary>
/// The verdict on one claim for one transport series (transport × load point). A latency claim's
/// figures are <see cref="EstimateMs"/> and its interval, a share or rate claim's <see cref="Estimate"/>
/// and its interval: the set a claim does not use is left out of the JSON rather than written as
/// nulls a script might read instead (files that have them still read the same).
/// </summary>
public sealed record ClaimVerdict
{
    /// <summary>The claim as written.</summary>
    public required string Claim { get; init; }

    /// <summary>The metric judged.</summary>
    public required string Metric { get; init; }

    /// <summary>The percentile judged (95 for p95).</summary>
    public required double Percentile { get; init; }

    /// <summary>The threshold in milliseconds; for share and rate claims, in <see cref="Unit"/>.</summary>
    public required double ThresholdMs { get; init; }

    /// <summary><c>ms</c> for latency claims; <c>%</c> for error shares and goodput; <c>tokens/s</c> or <c>requests/s</c>.</summary>
    public string Unit { get; init; } = "ms";

    /// <summary>Share and rate claims: the measured value, in <see cref="Unit"/> (latency claims use <see cref="EstimateMs"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Estimate { get; init; }

    /// <summary>Share claims: lower bound of the 95% (Wilson) interval, in <see cref="Unit"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? CiLow { get; init; }

    /// <summary>Share claims: upper bound of the 95% (Wilson) interval, in <see cref="Unit"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? CiHigh { get; init; }

    /// <summary>Latency claims: requests without a value for the metric (failed, or no token), counted above any limit.</summary>
    public long FailedRequests { get; init; }

    /// <summary>The transport series: <c>sse</c>, <c>sse-h2</c>, <c>ws</c>.</summary>
    public required string Transport { get; init; }

    /// <summary>The load point: <c>c10</c>, <c>r20</c>.</summary>
    public required string LoadPoint { get; init; }

    /// <summary>Met, not met or inconclusive.</summary>
    public required VerdictStatus Status { get; init; }

    /// <summary>Why, in one sentence.</summary>
    public required string Reason { get; init; }

    /// <summary>The measured percentile in milliseconds (null without samples); +∞ (JSON <c>"Infinity"</c>) where failed requests, counted above any limit, reach it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double? EstimateMs { get; init; }

    /// <summary>Lower bound of the 95% bootstrap interval, ms; +∞ (JSON <c>"Infinity"</c>) where failed requests, counted above any limit, reach it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double? CiLowMs { get; init; }

    /// <summary>Upper bound of the 95% bootstrap interval, ms; +∞ (JSON <c>"Infinity"</c>) where failed requests, counted above any limit, reach it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double? CiHighMs { get; init; }

    /// <summary>Samples the estimate rests on.</summary>
    public long SampleSize { get; init; }

    /// <summary>Samples needed for a verdict at this percentile.</summary>
    public long MinimumSamples { get; init; }

    /// <summary>Network round trip estimate: the median connect time of new connections, ms (null when none were opened).</summary>
    public double? NetworkRoundTripMs { get; init; }

    /// <summary>Share of the estimate that one network round trip accounts for (0–1).</summary>
    public double? NetworkShare { get; init; }

    /// <summary>The estimate minus one round trip: server time plus transfer, ms.</summary>
    public double? ServerTimeMs { get; init; }

    /// <summary>Bootstrap resamples drawn.</summary>
    public int Resamples { get; init; }

    /// <summary>Seed of the bootstrap.</summary>
    public int Seed { get; init; }
}
