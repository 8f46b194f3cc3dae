namespace Harness.Load.Simulations;

/// <summary>
/// Open model: move the arrival rate linearly from the previous step's rate (0 at the start) to
/// <paramref name="Rate"/> per <paramref name="Interval"/> over <paramref name="During"/>
/// (NBomber's <c>RampingInject</c>).
/// </summary>
/// <param name="Rate">Requests per interval at the end of the ramp.</param>
/// <param name="Interval">The interval.</param>
/// <param name="During">How long the ramp lasts.</param>
/// <param name="Arrivals">Arrival spacing.</param>
public sealed record RampingInject(double Rate, TimeSpan Interval, TimeSpan During, ArrivalDistribution Arrivals = ArrivalDistribution.Uniform) : OpenSimulation
{
    /// <inheritdoc />
    public override double Rate { get; init; } = Rate;

    /// <inheritdoc />
    public override TimeSpan Interval { get; init; } = Interval;

    /// <inheritdoc />
    public override TimeSpan During { get; init; } = During;

    /// <inheritdoc />
    public override ArrivalDistribution Arrivals { get; init; } = Arrivals;
}
