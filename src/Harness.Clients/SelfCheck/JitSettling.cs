using System.Runtime;

namespace Harness.Clients.SelfCheck;

/// <summary>
/// How much both sides of a measurement compile: this process (<see cref="JitInfo"/>, every thread)
/// and the harness fake at <paramref name="fakeHttpBase"/> (<see cref="FakeJit"/>, so also a fake in
/// another process). Tiered compilation with dynamic PGO recompiles each hot method twice on a
/// background thread, for seconds after the first calls; work measured meanwhile carries it.
/// </summary>
/// <param name="http">Client for the fake's side channel.</param>
/// <param name="fakeHttpBase">The fake's HTTP base URL.</param>
public sealed class JitSettling(HttpClient http, Uri fakeHttpBase)
{
    /// <summary>
    /// A pass that compiled at most this long on each side counts as settled: a small share of a
    /// pass's CPU, where a tier-up batch takes hundreds of milliseconds.
    /// </summary>
    public const double SettledMs = 25;

    /// <summary>Settled passes in a row before measuring: one quiet pass can sit between two tier-up batches.</summary>
    public const int SettledInARow = 2;

    /// <summary>Runs <paramref name="work"/>; the milliseconds this process and the fake spent compiling meanwhile.</summary>
    public async Task<(double ClientMs, double FakeMs)> MeasureAsync(Func<Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var clientBefore = JitInfo.GetCompilationTime(currentThread: false);
        var fakeBefore = await FakeJit.FetchAsync(http, fakeHttpBase, cancellationToken).ConfigureAwait(false);
        await work().ConfigureAwait(false);
        var fakeAfter = await FakeJit.FetchAsync(http, fakeHttpBase, cancellationToken).ConfigureAwait(false);
        return ((JitInfo.GetCompilationTime(currentThread: false) - clientBefore).TotalMilliseconds, fakeAfter.CompilationMs - fakeBefore.CompilationMs);
    }

    /// <summary>
    /// Runs unmeasured <paramref name="pass"/>es until <paramref name="settledInARow"/> in a row
    /// compiled at most <paramref name="settledMs"/> on each side (one quiet pass can sit between two
    /// tier-up batches), or <paramref name="maxPasses"/> ran. <paramref name="onPass"/> hears each
    /// pass: its number, the milliseconds each side compiled, whether it counted as settled.
    /// </summary>
    /// <returns>The passes run, whether the JIT settled, and the last pass's figures.</returns>
    public async Task<(int Passes, bool Settled, double ClientMs, double FakeMs)> PrimeAsync(
        Func<Task> pass, double settledMs, int settledInARow, int maxPasses, Action<int, double, double, bool>? onPass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPasses, 1);
        int passes = 0, inARow = 0;
        double clientMs = 0, fakeMs = 0;
        while (inARow < settledInARow && passes < maxPasses)
        {
            (clientMs, fakeMs) = await MeasureAsync(pass, cancellationToken).ConfigureAwait(false);
            passes++;
            bool settled = clientMs <= settledMs && fakeMs <= settledMs;
            inARow = settled ? inARow + 1 : 0;
            onPass?.Invoke(passes, clientMs, fakeMs, settled);
        }

        return (passes, inARow >= settledInARow, clientMs, fakeMs);
    }
}
