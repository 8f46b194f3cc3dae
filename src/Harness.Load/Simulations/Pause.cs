namespace Harness.Load.Simulations;

/// <summary>No new requests for <paramref name="During"/> (NBomber's <c>Pause</c>); fits open and closed profiles.</summary>
/// <param name="During">How long.</param>
public sealed record Pause(TimeSpan During) : LoadSimulation
{
    /// <inheritdoc />
    public override TimeSpan During { get; init; } = During;
}
