namespace Harness.Clients;

/// <summary>
/// Retries for 429 and 503: wait <c>Retry-After</c> (seconds or an HTTP date) when the server sends
/// it, else exponential backoff with full jitter. Waits are reported in
/// <see cref="RequestTimeline.RetryWait"/>, never inside a latency.
/// </summary>
public sealed record RetryOptions
{
    /// <summary>No retries.</summary>
    public static RetryOptions None { get; } = new() { MaxRetries = 0 };

    /// <summary>Retries after the first attempt. Default 2.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>First backoff step when there is no <c>Retry-After</c>; doubles per retry. Default 0.5 s.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest single wait; a longer <c>Retry-After</c> ends the retries instead. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);
}
