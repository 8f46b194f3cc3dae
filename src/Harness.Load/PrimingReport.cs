using Harness.Clients;

namespace Harness.Load;

/// <summary>
/// What <see cref="JitPrimer"/> did for one transport: the rounds it ran, the methods the last one
/// still compiled, and how its requests ended. Failed priming requests compile the error paths,
/// not a stream's, so the first measured requests may still pay for the code a stream takes.
/// </summary>
public sealed record PrimingReport(Transport Transport, int Rounds, long CompiledInLastRound, long Requests, IReadOnlyDictionary<string, long> Failures)
{
    /// <summary>Priming requests that did not end ok.</summary>
    public long Failed => Failures.Values.Sum();
}
