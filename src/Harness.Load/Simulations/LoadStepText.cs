using System.Globalization;

namespace Harness.Load.Simulations;

/// <summary>
/// A load step in the words of the scenario file (its <c>kind</c> and keys), for a report's settings:
/// "rampingInject to 20 per 1s over 3s", "inject 20 per 1s for 4s, poisson", "keepConstant 10 copies for 30s".
/// </summary>
public static class LoadStepText
{
    /// <summary>The step as a scenario writes it.</summary>
    public static string Of(LoadSimulation step)
    {
        ArgumentNullException.ThrowIfNull(step);
        string during = Harness.Core.DurationText.Format(step.During);
        return step switch
        {
            KeepConstant k => Invariant($"keepConstant {k.Copies} copies for {during}"),
            RampingConstant r => Invariant($"rampingConstant to {r.Copies} copies over {during}"),
            Inject i => Invariant($"inject {i.Rate:0.###} per {Harness.Core.DurationText.Format(i.Interval)} for {during}{ArrivalsOf(i)}"),
            RampingInject r => Invariant($"rampingInject to {r.Rate:0.###} per {Harness.Core.DurationText.Format(r.Interval)} over {during}{ArrivalsOf(r)}"),
            Pause => $"pause {during}",
            _ => step.ToString(),
        };
    }

    // Uniform is the default a scenario need not write.
    private static string ArrivalsOf(OpenSimulation step) => step.Arrivals == ArrivalDistribution.Uniform ? string.Empty : ", " + step.Arrivals.ToString().ToLowerInvariant();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
