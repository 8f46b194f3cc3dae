using System.Runtime.InteropServices;

namespace Harness.Core;

/// <summary>
/// Sub-millisecond sleeps and real-time priority for a timing thread (the embedded fake's scheduler,
/// the harness's machine-pause probe) on 64-bit Linux (<c>clock_nanosleep</c> with a 1 ns timer
/// slack set by <c>prctl</c>); elsewhere callers fall back to yielding.
/// </summary>
public static class PreciseSleep
{
    private const int ClockMonotonic = 1;
    private const int PrSetTimerSlack = 29;
    private const int SchedFifo = 1;
    private const int PrioProcess = 0;
    private const long SysGettid = 186; // x86-64

    /// <summary>Whether the native calls are there (64-bit Linux).</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64 && Probe();

    /// <summary>Makes the calling thread's timed sleeps wake with ~1 ns slack instead of the default 50 µs.</summary>
    public static void TightenTimerSlack()
    {
        if (IsSupported)
        {
            _ = prctl(PrSetTimerSlack, 1, 0, 0, 0);
        }
    }

    /// <summary>What <see cref="RaiseThreadPriority"/> returns when the thread got real-time priority.</summary>
    public const string RealTime = "SCHED_FIFO";

    /// <summary>
    /// Best effort: gives the calling thread SCHED_FIFO <paramref name="priority"/> (needs root or
    /// CAP_SYS_NICE), else nice -10, so other processes' builds on a small machine do not delay its wake-ups.
    /// Never SCHED_FIFO when the process may use only one CPU (an affinity mask or a CPU quota): a
    /// real-time thread that naps and spins towards due times then shuts the process's own other
    /// threads (accepting and reading requests) out of their only CPU until the kernel's real-time
    /// throttle lets them in, and requests stalled for about a second. Returns what it got.
    /// </summary>
    public static string RaiseThreadPriority(int priority = 10)
    {
        if (!IsSupported)
        {
            return "default";
        }

        try
        {
            var tid = (int)syscall(SysGettid);
            var param = new SchedParam { Priority = priority };
            if (Environment.ProcessorCount >= 2 && sched_setscheduler(tid, SchedFifo, ref param) == 0)
            {
                return $"{RealTime} {priority}";
            }

            return setpriority(PrioProcess, (uint)tid, -10) == 0 ? "nice -10" : "default";
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return "default";
        }
    }

    /// <summary>Sleeps for about <paramref name="nanoseconds"/>.</summary>
    public static void Sleep(long nanoseconds)
    {
        var ts = new Timespec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
        _ = clock_nanosleep(ClockMonotonic, 0, ref ts, IntPtr.Zero);
    }

    private static bool Probe()
    {
        try
        {
            var ts = new Timespec { Seconds = 0, Nanoseconds = 1000 };
            return clock_nanosleep(ClockMonotonic, 0, ref ts, IntPtr.Zero) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

#pragma warning disable SYSLIB1054 // DllImport keeps this free of AllowUnsafeBlocks.
    [DllImport("libc", EntryPoint = "clock_nanosleep")]
    private static extern int clock_nanosleep(int clockId, int flags, ref Timespec request, IntPtr remain);

    [DllImport("libc", EntryPoint = "prctl")]
    private static extern int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
    [DllImport("libc", EntryPoint = "syscall")]
    private static extern long syscall(long number);

    [DllImport("libc", EntryPoint = "sched_setscheduler")]
    private static extern int sched_setscheduler(int pid, int policy, ref SchedParam param);

    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int setpriority(int which, uint who, int prio);
#pragma warning restore SYSLIB1054

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedParam
    {
        public int Priority;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
