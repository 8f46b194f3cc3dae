namespace Harness.Load.Simulations;

/// <summary>
/// One step of a load profile, in NBomber's vocabulary. A profile is either closed
/// (<see cref="ClosedSimulation"/>: a fixed number of copies, each starting its next request when
/// the previous ends) or open (<see cref="OpenSimulation"/>: requests start on a schedule whatever
/// the server does); <see cref="Pause"/> fits either.
/// </summary>
public abstract record LoadSimulation
{
    /// <summary>How long the step lasts.</summary>
    public abstract TimeSpan During { get; init; }
}
