namespace Harness.Clients;

/// <summary>The phase whose timeout fired. Each has its own limit in <see cref="ClientTimeouts"/>.</summary>
public enum TimeoutPhase
{
    /// <summary>No timeout fired.</summary>
    None,

    /// <summary>Connecting (DNS, TCP, TLS, WebSocket upgrade).</summary>
    Connect,

    /// <summary>Waiting for the first content token after the request was sent.</summary>
    FirstToken,

    /// <summary>Waiting between two tokens (the stream went idle).</summary>
    Idle,

    /// <summary>The whole request.</summary>
    Total,

    /// <summary>A load run's drain: still running when the drain timeout after the measured window passed (the engine's limit, not the client's).</summary>
    Drain,
}
