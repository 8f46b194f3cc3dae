using System.Globalization;

namespace Harness.TestSupport;

/// <summary>Whether the machine is quiet enough for millisecond timing tests.</summary>
public static class QuietMachine
{
    public const string ForceVariable = "HARNESS_TIMING_TESTS";

    private const int Samples = 20;
    private const int Windows = 10;
    private static readonly TimeSpan s_sampleGap = TimeSpan.FromMilliseconds(25);
    private static readonly Lazy<string?> s_atDiscovery = new(SampleRunnableThreads);

    /// <summary>
    /// Null (run) when forced or when, over half a second, threads of other processes waiting for
    /// or holding a CPU were at the median fewer than the CPUs; else why not. For a test attribute,
    /// decided when the tests are discovered: the 1-minute load average then still holds the build
    /// that ran just before (3-4 on an idle 2-core machine after <c>dotnet build</c>), which skipped
    /// the tests though nothing ran beside them. The test process's own threads are not counted
    /// (its discovery work is over before a test runs), and a busy half-second is sampled again, up
    /// to five seconds: the test runner's start-up settles within that, another job does not.
    /// Sampled once per test process.
    /// </summary>
    public static string? SkipReasonAtDiscovery() => Forced ? null : s_atDiscovery.Value;

    private static bool Forced => Environment.GetEnvironmentVariable(ForceVariable) == "1";

    private static string? SampleRunnableThreads()
    {
        int median = 0;
        try
        {
            for (int window = 0; window < Windows; window++)
            {
                median = MedianOthersRunnable();
                if (median < Environment.ProcessorCount)
                {
                    return null;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null; // no figure: run, and let the bound speak
        }

        return string.Create(CultureInfo.InvariantCulture, $"timing test: {median} threads of other processes runnable (median of {Samples} samples, the last of {Windows} half-seconds) on {Environment.ProcessorCount} CPUs; run on a quiet machine or set {ForceVariable}=1");
    }

    private static int MedianOthersRunnable()
    {
        var others = new int[Samples];
        for (var i = 0; i < Samples; i++)
        {
            // "/proc/loadavg": the fourth field is runnable/total threads, this process's among them.
            var field = File.ReadAllText("/proc/loadavg").Split(' ')[3];
            int runnable = int.Parse(field.AsSpan(0, field.IndexOf('/', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            others[i] = Math.Max(0, runnable - RunnableThreadsOfThisProcess());
            Thread.Sleep(s_sampleGap);
        }

        Array.Sort(others);
        return others[Samples / 2];
    }

    private static int RunnableThreadsOfThisProcess()
    {
        int runnable = ProcessThreads.Read().Count(t => t.Fields[0] == "R");

        // At least the thread reading, which /proc/loadavg counted as it read.
        return Math.Max(1, runnable);
    }
}
