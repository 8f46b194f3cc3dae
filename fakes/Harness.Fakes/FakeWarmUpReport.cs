namespace Harness.Fakes;

/// <summary>What the fake's warm-up cost: wall time and methods compiled while it ran.</summary>
/// <param name="Elapsed">From the first warm-up request until the JIT went quiet.</param>
/// <param name="MethodsCompiled">Methods the JIT compiled meanwhile (first compilations and tier-1 recompilations).</param>
public sealed record FakeWarmUpReport(TimeSpan Elapsed, long MethodsCompiled);
