namespace Harness.Load.Simulations;

/// <summary>
/// Open model: start <paramref name="Rate"/> requests every <paramref name="Interval"/> for
/// <paramref name="During"/> (NBomber's <c>Inject</c>), evenly spaced or as a Poisson process.
/// </summary>
/// <param name="Rate">Requests per interval.</param>
/// <param name="Interval">The interval.</param>
/// <param name="During">How long.</param>
/// <param name="Arrivals">Arrival spacing.</param>
public sealed record Inject(double Rate, TimeSpan Interval, TimeSpan During, ArrivalDistribution Arrivals = ArrivalDistribution.Uniform) : OpenSimulation
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
