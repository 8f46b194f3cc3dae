using System.Diagnostics;
using System.Globalization;

namespace Harness.Benchmarks.ClientCost;

/// <summary>
/// How much compiling each side did: this process's JIT time (<see cref="System.Runtime.JitInfo"/>,
/// every thread) and the fake's background tier-up compiler thread's CPU time, read from
/// <c>/proc</c> (Linux; elsewhere unknown). A round that still compiles counts the JIT as the
/// client's or the fake's cost per token: on this VM one such round read 72 µs/token against 30 settled.
/// </summary>
internal sealed class JitActivity(Process fake)
{
    /// <summary>The runtime names its tier-up worker ".NET Tiered Compilation Worker"; comm keeps 15 bytes.</summary>
    private const string TierUpThreadPrefix = ".NET Tiered Com";

    /// <summary>A snapshot: client JIT time and the fake's tier-up threads' CPU ticks by thread id (null when unreadable).</summary>
    public Snapshot Read() => new(System.Runtime.JitInfo.GetCompilationTime(), FakeTierUpTicks());

    /// <summary>Milliseconds compiled on each side between two snapshots.</summary>
    /// <remarks>
    /// The runtime ends an idle tier-up thread and starts a new one later, so the fake's figure sums
    /// each thread alive at <paramref name="after"/> from its own start in <paramref name="before"/>
    /// (zero when it is new); a thread that ended inside the window is not counted.
    /// </remarks>
    public static (double Client, double? Fake) Between(Snapshot before, Snapshot after)
    {
        double? fake = null;
        if (before.FakeTicks is { } start && after.FakeTicks is { } end)
        {
            long ticks = 0;
            foreach (var (tid, t) in end)
            {
                ticks += t - start.GetValueOrDefault(tid);
            }

            // USER_HZ is 100 on every Linux the runtime supports.
            fake = ticks * 10.0;
        }

        return ((after.Client - before.Client).TotalMilliseconds, fake);
    }

    private Dictionary<int, long>? FakeTierUpTicks()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var ticks = new Dictionary<int, long>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{fake.Id}/task"))
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(TierUpThreadPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] =
                    long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }

            return ticks;
        }
        catch (IOException)
        {
            return null; // the process ended while being read
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>One reading of both sides.</summary>
    internal sealed record Snapshot(TimeSpan Client, Dictionary<int, long>? FakeTicks);
}
