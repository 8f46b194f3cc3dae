using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace Harness.Core;

/// <summary>
/// Waits for the JIT to go quiet after a warm-up. Methods called 30 times are recompiled at tier 1
/// on a background thread a little later; left running, that work takes CPU (and on a 2-core
/// machine, a core) from the first measured request.
/// </summary>
public static class JitQuiet
{
    /// <summary>The runtime's switch for <see cref="TierUpDelay"/>, which <c>run.sh</c> and the container image set to 0.</summary>
    public const string TierUpDelayVariable = "DOTNET_TC_CallCountingDelayMs";

    /// <summary>
    /// How long the runtime waits after the last method compiled for the first time before it counts
    /// calls and compiles the hot methods again: 100 ms, and ten times that when the process may use
    /// one CPU (an affinity mask or a quota), unless <see cref="TierUpDelayVariable"/> or
    /// <c>DOTNET_TC_DelaySingleProcMultiplier</c> say otherwise (read as the runtime reads them, hex).
    /// A quiet stretch shorter than this proves nothing: tiering up has not begun.
    /// </summary>
    public static readonly TimeSpan TierUpDelay = TierUpDelayFor(Environment.ProcessorCount, Environment.GetEnvironmentVariable);

    /// <summary>
    /// A window with no method compiled counts as quiet. Shorter than <see cref="TierUpDelay"/> on one
    /// CPU; the stream verb's warm-up still measured within 1 ms of an outside client there, while
    /// waiting out 2.5 delays cost each of its runs up to 17 s. The load primer, where it mattered,
    /// waits longer (<c>JitPrimer</c>).
    /// </summary>
    public static readonly TimeSpan QuietWindow = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait: a busy machine may never be quiet.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(3);

    /// <summary><see cref="TierUpDelay"/> for <paramref name="processors"/> CPUs and the variables <paramref name="variable"/> returns.</summary>
    internal static TimeSpan TierUpDelayFor(int processors, Func<string, string?> variable)
    {
        long delayMs = Knob(variable, "TC_CallCountingDelayMs", 100);
        long multiplier = processors == 1 ? Knob(variable, "TC_DelaySingleProcMultiplier", 10) : 1;
        return TimeSpan.FromMilliseconds(delayMs * Math.Max(multiplier, 1));
    }

    private static long Knob(Func<string, string?> variable, string name, long fallback)
    {
        string? text = variable("DOTNET_" + name) ?? variable("COMPlus_" + name);
        if (text is null)
        {
            return fallback;
        }

        text = text.Trim();
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            text = text[2..];
        }

        return uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint value) ? value : fallback;
    }

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
