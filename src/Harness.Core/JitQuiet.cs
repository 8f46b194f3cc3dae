using System.Diagnostics;
using System.Runtime;

namespace Harness.Core;

/// <summary>
/// Waits for the JIT to go quiet after a warm-up. Methods called 30 times are recompiled at tier 1
/// on a background thread a little later; left running, that work takes CPU (and on a 2-core
/// machine, a core) from the first measured request.
/// </summary>
public static class JitQuiet
{
    /// <summary>A window with no method compiled counts as quiet.</summary>
    public static readonly TimeSpan QuietWindow = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait: a busy machine may never be quiet.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(3);

    /// <summary>Returns once a <see cref="QuietWindow"/> passes with no method compiled, or after <see cref="Limit"/>.</summary>
    public static async Task WaitAsync(CancellationToken cancellationToken)
    {
        var last = JitInfo.GetCompiledMethodCount(currentThread: false);
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < Limit)
        {
            await Task.Delay(QuietWindow, cancellationToken).ConfigureAwait(false);
            var now = JitInfo.GetCompiledMethodCount(currentThread: false);
            if (now == last)
            {
                return;
            }

            last = now;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> over and over until a <see cref="QuietWindow"/> passes with no
    /// method compiled (the work itself drives tiering up); false when <see cref="Limit"/> cut it short.
    /// </summary>
    public static bool RunUntilQuiet(Action work) =>
        RunUntilQuiet(work, static () => JitInfo.GetCompiledMethodCount(currentThread: false), QuietWindow, Limit);

    /// <summary><see cref="RunUntilQuiet(Action)"/> with the compile count, the window and the limit given.</summary>
    internal static bool RunUntilQuiet(Action work, Func<long> compiledCount, TimeSpan window, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(work);
        var start = Stopwatch.GetTimestamp();
        var quietSince = start;
        var last = compiledCount();
        while (Stopwatch.GetElapsedTime(quietSince) < window)
        {
            if (Stopwatch.GetElapsedTime(start) >= limit)
            {
                return false;
            }

            work();
            var now = compiledCount();
            if (now != last)
            {
                last = now;
                quietSince = Stopwatch.GetTimestamp();
            }
        }

        return true;
    }
}
