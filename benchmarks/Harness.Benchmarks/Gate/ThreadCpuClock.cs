using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Harness.Benchmarks.Gate;

/// <summary>
/// The CPU time the calling thread has run (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>, nanoseconds).
/// A slice timed by it excludes the time the thread waited for a CPU, so on a saturated machine a
/// ratio of two slices stays the code's and is not pulled toward 1 by waits that both sides share.
/// Where the clock is unavailable, <see cref="Now"/> falls back to the wall clock.
/// </summary>
public static class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>Whether <see cref="Now"/> reads thread CPU time (else the wall clock).</summary>
    public static bool IsThreadCpuTime { get; } = Probe();

    /// <summary>Nanoseconds on the clock <see cref="IsThreadCpuTime"/> names; only differences mean anything.</summary>
    public static double Now()
    {
        if (!IsThreadCpuTime)
        {
            return Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency);
        }

        // One clock for the whole process: a failed read after a good probe is not papered over
        // with a wall-clock value, which would make that slice's difference meaningless.
        return clock_gettime(ClockThreadCpuTimeId, out var t) == 0
            ? (t.Seconds * 1e9) + t.Nanoseconds
            : throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed after it had worked");
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return clock_gettime(ClockThreadCpuTimeId, out _) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

#pragma warning disable SYSLIB1054 // DllImport keeps this free of AllowUnsafeBlocks.
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clockId, out Timespec time);
#pragma warning restore SYSLIB1054
}
