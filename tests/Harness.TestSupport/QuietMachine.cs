using System.Globalization;

namespace Harness.TestSupport;

/// <summary>Whether the machine is quiet enough for millisecond timing tests.</summary>
public static class QuietMachine
{
    public const string ForceVariable = "HARNESS_TIMING_TESTS";

    private const int Samples = 20;
    private static readonly TimeSpan s_sampleGap = TimeSpan.FromMilliseconds(25);
    private static readonly Lazy<string?> s_atDiscovery = new(SampleRunnableThreads);

    /// <summary>
    /// Null (run) when forced or when, over half a second, other threads waiting for or holding a
    /// CPU were at the median fewer than the CPUs; else why not. For a test attribute, decided when
    /// the tests are discovered: the 1-minute load average then still holds the build that ran just
    /// before (3-4 on an idle 2-core machine after <c>dotnet build</c>), which skipped the tests
    /// though nothing ran beside them. Sampled once per test process.
    /// </summary>
    public static string? SkipReasonAtDiscovery() => Forced ? null : s_atDiscovery.Value;

    private static bool Forced => Environment.GetEnvironmentVariable(ForceVariable) == "1";

    private static string? SampleRunnableThreads()
    {
        var others = new int[Samples];
        try
        {
            for (var i = 0; i < Samples; i++)
            {
                // "/proc/loadavg": the fourth field is runnable/total threads; the reading thread is one of them.
                var field = File.ReadAllText("/proc/loadavg").Split(' ')[3];
                others[i] = int.Parse(field.AsSpan(0, field.IndexOf('/', StringComparison.Ordinal)), CultureInfo.InvariantCulture) - 1;
                Thread.Sleep(s_sampleGap);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null; // no figure: run, and let the bound speak
        }

        Array.Sort(others);
        var median = others[Samples / 2];
        return median < Environment.ProcessorCount
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"timing test: {median} other threads runnable (median of {Samples} samples) on {Environment.ProcessorCount} CPUs; run on a quiet machine or set {ForceVariable}=1");
    }
}
