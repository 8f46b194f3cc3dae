using System.Globalization;
using System.Runtime.InteropServices;

namespace Harness.Clients.SelfCheck;

/// <summary>
/// Pins processes to CPUs on Linux (<c>sched_setaffinity</c> on every thread listed in
/// <c>/proc/PID/task</c>: the call pins one thread, and threads started later inherit their
/// creator's mask). Elsewhere <see cref="IsSupported"/> is false and callers run unpinned.
/// </summary>
public static class CpuAffinity
{
    /// <summary>True on 64-bit Linux, where the calls below work.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && Environment.Is64BitProcess && Directory.Exists("/proc/self/task");

    /// <summary>The CPUs this process may run on (up to 64), in order; empty when unknown.</summary>
    public static int[] AllowedCpus()
    {
        if (!IsSupported)
        {
            return [];
        }

        ulong mask = 0;
        return sched_getaffinity(0, (nint)sizeof(ulong), ref mask) != 0
            ? []
            : Enumerable.Range(0, 64).Where(c => (mask & (1UL << c)) != 0).ToArray();
    }

    /// <summary>Pins the calling thread only (a child process started from it inherits the mask).</summary>
    public static bool PinCurrentThread(IReadOnlyCollection<int> cpus) => IsSupported && SetThread(0, Mask(cpus));

    /// <summary>Pins every thread of process <paramref name="pid"/>; false when any could not be pinned.</summary>
    public static bool PinProcess(int pid, IReadOnlyCollection<int> cpus)
    {
        if (!IsSupported)
        {
            return false;
        }

        var mask = Mask(cpus);
        var all = true;
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task");
        }
        catch (IOException)
        {
            return false;
        }

        foreach (var dir in tasks)
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var tid))
            {
                all &= SetThread(tid, mask) || !Directory.Exists(dir); // a thread that just ended is no failure
            }
        }

        return all;
    }

    /// <summary>What the kernel says process <paramref name="pid"/> may run on (<c>Cpus_allowed_list</c>), or null.</summary>
    public static string? AllowedListOf(int pid)
    {
        try
        {
            return File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status")
                .FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))?["Cpus_allowed_list:".Length..].Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static ulong Mask(IReadOnlyCollection<int> cpus)
    {
        ArgumentNullException.ThrowIfNull(cpus);
        ulong mask = 0;
        foreach (var c in cpus)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(c);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(c, 63);
            mask |= 1UL << c;
        }

        return mask;
    }

    private static bool SetThread(int tid, ulong mask)
    {
        try
        {
            return sched_setaffinity(tid, (nint)sizeof(ulong), ref mask) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

#pragma warning disable SYSLIB1054 // DllImport keeps this free of AllowUnsafeBlocks.
    [DllImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static extern int sched_setaffinity(int pid, nint cpusetsize, ref ulong mask);

    [DllImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    private static extern int sched_getaffinity(int pid, nint cpusetsize, ref ulong mask);
#pragma warning restore SYSLIB1054
}
