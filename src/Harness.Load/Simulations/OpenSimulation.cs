namespace Harness.Load.Simulations;

/// <summary>An open-model step: <see cref="Rate"/> requests start every <see cref="Interval"/>, on schedule.</summary>
public abstract record OpenSimulation : LoadSimulation
{
    /// <summary>Requests per <see cref="Interval"/> at the end of the step.</summary>
    public abstract double Rate { get; init; }

    /// <summary>The interval <see cref="Rate"/> is counted over (NBomber's <c>interval</c>).</summary>
    public abstract TimeSpan Interval { get; init; }

    /// <summary>How arrivals are spaced.</summary>
    public abstract ArrivalDistribution Arrivals { get; init; }

    /// <summary>Requests per second at the end of the step.</summary>
    public double RatePerSecond => Rate / Interval.TotalSeconds;
}
