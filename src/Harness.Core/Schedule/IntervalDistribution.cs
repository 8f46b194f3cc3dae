namespace Harness.Core.Schedule;

/// <summary>How the gaps between consecutive tokens of a <see cref="TokenSchedule"/> are drawn.</summary>
public enum IntervalDistribution
{
    /// <summary>Every gap equals the mean (plus jitter, if any).</summary>
    Fixed,

    /// <summary>Uniform on [mean - spread, mean + spread].</summary>
    Uniform,

    /// <summary>Normal with the given mean and standard deviation (spread), clamped at zero.</summary>
    Normal,

    /// <summary>Log-normal whose own mean and standard deviation are the given mean and spread.</summary>
    LogNormal,
}
