namespace Harness.Benchmarks.ClientCost;

/// <summary>One measured round of <see cref="ClientCostCommand"/>: CPU time per received token on each side.</summary>
/// <param name="Tokens">Content deltas the client received.</param>
/// <param name="Failed">Streams whose outcome was not ok.</param>
/// <param name="ClientMicrosPerToken">This process's CPU time (user + system) over the round, per token.</param>
/// <param name="FakeMicrosPerToken">The fake process's CPU time over the round, per token.</param>
/// <param name="ClientBytesPerToken">Bytes this process allocated over the round, per token.</param>
/// <param name="WallSeconds">The round's wall-clock time.</param>
/// <param name="ClientJitMs">Time this process spent compiling during the round.</param>
/// <param name="FakeJitMs">Time the fake spent compiling during the round (<c>GET /v1/fake/jit</c>).</param>
public sealed record ClientCostRound(int Tokens, int Failed, double ClientMicrosPerToken, double FakeMicrosPerToken, double ClientBytesPerToken, double WallSeconds, double ClientJitMs, double FakeJitMs);
