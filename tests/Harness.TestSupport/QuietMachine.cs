using System.Globalization;

namespace Harness.TestSupport;

/// <summary>Whether the machine is quiet enough for millisecond timing tests.</summary>
public static class QuietMachine
{
    public const string ForceVariable = "HARNESS_TIMING_TESTS";

    /// <summary>Null (run) when forced or when the 1-minute load average is at most the CPU count; else why not.</summary>
    public static string? SkipReason()
    {
        if (Environment.GetEnvironmentVariable(ForceVariable) == "1")
        {
            return null;
        }

        try
        {
            var load = double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
            return load <= Environment.ProcessorCount
                ? null
                : string.Create(CultureInfo.InvariantCulture, $"timing test: load average {load} on {Environment.ProcessorCount} CPUs; run on a quiet machine or set {ForceVariable}=1");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null; // no load figure: run, and let the bound speak
        }
    }
}
