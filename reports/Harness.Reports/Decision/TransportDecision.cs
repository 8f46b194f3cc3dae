namespace Harness.Reports.Decision;

/// <summary>
/// The report's answer to "SSE or WebSocket?": per load point, which transport is faster on the
/// percentiles that decide it, by how much, with the 95% interval of the difference. The
/// <c>decision</c> object of <c>summary.json</c>.
/// </summary>
public sealed record TransportDecision
{
    /// <summary>How the differences were computed.</summary>
    public required string Method { get; init; }

    /// <summary>The run's scheduling lag p99, ms: with the fake's lateness, differences smaller than this are within the harness's own noise.</summary>
    public double ResolutionMs { get; init; }

    /// <summary>
    /// The embedded fake's write lateness p99, ms, in its worst series (null against a real endpoint):
    /// with the lag, part of each series' resolution.
    /// </summary>
    public double? FakeLateP99Ms { get; init; }

    /// <summary>The run's saturation threshold, ms: also the lateness past which the fake counts as stalled.</summary>
    public double SaturationThresholdMs { get; init; }

    /// <summary>True when the harness was saturated somewhere in the run; <see cref="LoadPointDecision.Saturation"/> says at which load points, where only a difference beyond the lag is called.</summary>
    public bool Saturated { get; init; }

    /// <summary>
    /// Series in which the embedded fake wrote more than 0.1 % of its tokens later than the saturation
    /// threshold (empty against a real endpoint): their tail percentiles may hold the harness's stall,
    /// not the transport's.
    /// </summary>
    public List<FakeStall> Stalls { get; init; } = [];

    /// <summary>
    /// Series, against another endpoint, in which the machine stood still longer than the saturation
    /// threshold (empty against the embedded fake, whose own rule is <see cref="Stalls"/>).
    /// </summary>
    public List<MachineStandstill> Standstills { get; init; } = [];

    /// <summary>
    /// Series whose TTFT or e2e p99 drops by more than the saturation threshold without the requests a
    /// pause of the harness process may have delayed, or whose ITL p99 could without the gaps one may
    /// have widened: that percentile may be the harness's, not the transport's.
    /// </summary>
    public List<PausedTail> PausedTails { get; init; } = [];

    /// <summary>Rounds measured again because the machine stood still in them, in series order.</summary>
    public List<RemeasuredRound> Remeasured { get; init; } = [];

    /// <summary>"every request failed (…; first: …)" when no request of the run succeeded (as stderr says it); else null.</summary>
    public string? RunFailed { get; init; }

    /// <summary>The transports compared.</summary>
    public List<string> Transports { get; init; } = [];

    /// <summary>One entry per load point, ordered by load.</summary>
    public List<LoadPointDecision> LoadPoints { get; init; } = [];
}
