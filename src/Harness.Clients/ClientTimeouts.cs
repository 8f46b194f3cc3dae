namespace Harness.Clients;

/// <summary>
/// Timeouts per phase, so a long answer is not killed by one overall limit.
/// <see cref="Timeout.InfiniteTimeSpan"/> disables a phase's limit.
/// </summary>
public sealed record ClientTimeouts
{
    /// <summary>Connecting, including TLS and the WebSocket upgrade. Default 10 s.</summary>
    public TimeSpan Connect { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>From sending the request to the first content token. Default 60 s.</summary>
    public TimeSpan FirstToken { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest gap between two events once streaming. Default 30 s.</summary>
    public TimeSpan Idle { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The whole request. Default 10 min.</summary>
    public TimeSpan Total { get; init; } = TimeSpan.FromMinutes(10);
}
