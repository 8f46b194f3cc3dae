namespace Harness.Load.Simulations;

/// <summary>How an open model spaces its arrivals.</summary>
public enum ArrivalDistribution
{
    /// <summary>Evenly spaced: one every 1/rate seconds.</summary>
    Uniform,

    /// <summary>A Poisson process: exponential gaps with mean 1/rate, from a fixed seed.</summary>
    Poisson,
}
