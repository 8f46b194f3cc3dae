namespace Harness.Reports.Claims;

/// <summary>The one-line description of how verdict intervals are computed, shown wherever verdicts are.</summary>
public static class BootstrapMethod
{
    /// <summary>The description.</summary>
    public const string Description =
        "95% bootstrap interval of the percentile, resampled (seeded) from the series' HdrHistogram "
        + "(every recorded sample, 0.1% value precision); met only when the whole interval satisfies the claim, "
        + "not met when none of it does, inconclusive when it straddles the threshold or samples are too few "
        + "(at least 10 and 3 above the percentile). Judged per transport series (transport × load point).";
}
