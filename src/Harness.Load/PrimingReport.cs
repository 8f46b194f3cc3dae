using Harness.Clients;

namespace Harness.Load;

/// <summary>
/// What <see cref="JitPrimer"/> did for one transport: the rounds it ran and for how long, whether
/// the JIT settled (a whole <paramref name="Window"/> compiled fewer than
/// <see cref="JitPrimer.SettledMethods"/> methods) or the limit cut it short, the methods compiled in
/// the last window, and how its requests ended. Failed priming requests compile the error paths, not
/// a stream's, so the first measured requests may still pay for the code a stream takes.
/// </summary>
public sealed record PrimingReport(Transport Transport, int Rounds, TimeSpan Elapsed, bool Settled, long CompiledInLastWindow, TimeSpan Window, long Requests, IReadOnlyDictionary<string, long> Failures)
{
    /// <summary>Priming requests that did not end ok.</summary>
    public long Failed => Failures.Values.Sum();
}
