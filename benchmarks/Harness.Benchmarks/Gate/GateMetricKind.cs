namespace Harness.Benchmarks.Gate;

/// <summary>What a gate metric measures; both are "lower is better".</summary>
public enum GateMetricKind
{
    /// <summary>Median time of one benchmark over another's, both measured in the same run.</summary>
    TimeRatio,

    /// <summary>Bytes allocated per event (exact, so any growth fails).</summary>
    BytesPerEvent,
}
