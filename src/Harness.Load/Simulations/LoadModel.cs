namespace Harness.Load.Simulations;

/// <summary>Which queueing model a profile follows.</summary>
public enum LoadModel
{
    /// <summary>Fixed copies; each starts its next request when the previous ends. Throughput follows the server.</summary>
    Closed,

    /// <summary>Requests start on a schedule whatever the server does; latencies count from the intended start.</summary>
    Open,
}
