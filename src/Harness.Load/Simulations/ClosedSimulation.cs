namespace Harness.Load.Simulations;

/// <summary>A closed-model step: a number of copies (virtual users) run requests back to back.</summary>
public abstract record ClosedSimulation : LoadSimulation
{
    /// <summary>Copies running at the end of the step.</summary>
    public abstract int Copies { get; init; }
}
