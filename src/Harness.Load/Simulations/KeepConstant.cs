namespace Harness.Load.Simulations;

/// <summary>Closed model: keep <paramref name="Copies"/> requests in flight for <paramref name="During"/> (NBomber's <c>KeepConstant</c>).</summary>
/// <param name="Copies">Concurrent copies.</param>
/// <param name="During">How long.</param>
public sealed record KeepConstant(int Copies, TimeSpan During) : ClosedSimulation
{
    /// <inheritdoc />
    public override int Copies { get; init; } = Copies;

    /// <inheritdoc />
    public override TimeSpan During { get; init; } = During;
}
