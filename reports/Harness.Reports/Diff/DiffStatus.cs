namespace Harness.Reports.Diff;

/// <summary>What the 95% interval of candidate − baseline says about one percentile.</summary>
public enum DiffStatus
{
    /// <summary>The whole interval is above zero: the candidate is slower.</summary>
    Regressed,

    /// <summary>The whole interval is below zero: the candidate is faster.</summary>
    Improved,

    /// <summary>The interval contains zero.</summary>
    NoDetectableDifference,

    /// <summary>A side has fewer samples than the percentile needs (see <see cref="Claims.ClaimVerifier.MinimumSamples"/>).</summary>
    TooFewSamples,
}
