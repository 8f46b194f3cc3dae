namespace Harness.Load;

/// <summary>Why a <see cref="CapacitySearch"/> stopped stepping up a transport's concurrency.</summary>
public enum CapacityStop
{
    /// <summary>Every load point held: the capacity is at least the largest one tried.</summary>
    None,

    /// <summary>The harness's scheduling lag went over the threshold: past here the figures describe the client.</summary>
    HarnessSaturated,

    /// <summary>A request did not end well (an error, a timeout, a malformed or truncated stream).</summary>
    Errors,

    /// <summary>
    /// The harness kept up, but the endpoint (or the path to it) delivered each stream markedly fewer
    /// tokens per second than at the first load point: more streams would load the endpoint further,
    /// not the harness, so the harness's capacity is at least the last load point that held.
    /// </summary>
    EndpointFellBehind,
}
