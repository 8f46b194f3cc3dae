namespace Harness.Benchmarks.Gate;

/// <summary>The outcome for one metric.</summary>
public enum GateVerdict
{
    /// <summary>Within the threshold (or better).</summary>
    Pass,

    /// <summary>A ratio worsened past the threshold, or allocations grew.</summary>
    Fail,

    /// <summary>Measured now but absent from the baseline: reported, never failing.</summary>
    New,

    /// <summary>In the baseline but not measured (the benchmark failed or was removed): fails.</summary>
    Missing,
}
