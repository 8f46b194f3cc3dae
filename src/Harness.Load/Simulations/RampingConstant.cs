namespace Harness.Load.Simulations;

/// <summary>
/// Closed model: move linearly from the previous step's copies (0 at the start) to
/// <paramref name="Copies"/> over <paramref name="During"/> (NBomber's <c>RampingConstant</c>).
/// </summary>
/// <param name="Copies">Copies at the end of the ramp.</param>
/// <param name="During">How long the ramp lasts.</param>
public sealed record RampingConstant(int Copies, TimeSpan During) : ClosedSimulation
{
    /// <inheritdoc />
    public override int Copies { get; init; } = Copies;

    /// <inheritdoc />
    public override TimeSpan During { get; init; } = During;
}
