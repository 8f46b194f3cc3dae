using System.Globalization;

namespace Harness.Clients.Internal;

/// <summary>How long to wait before a retry: the server's <c>Retry-After</c>, else exponential backoff with full jitter.</summary>
internal static class RetryDelay
{
    /// <summary>The longest <c>Retry-After</c> taken as given: a day. Longer ones (or absurd dates) read as a day.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromDays(1);

    public static bool IsRetryable(int? status) => status is 429 or 503;

    /// <summary>
    /// Parses <c>Retry-After</c> (RFC 9110 §10.2.3: delay-seconds or an HTTP-date), capped at
    /// <see cref="MaxRetryAfter"/>; null when absent or unreadable. The one parser for every transport.
    /// </summary>
    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Min(seconds, MaxRetryAfter.TotalSeconds));
        }

        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait > MaxRetryAfter ? MaxRetryAfter : wait;
        }

        return null;
    }

    public static TimeSpan Backoff(RetryOptions options, int retry)
    {
        var cap = Math.Min(options.MaxDelay.TotalMilliseconds, options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30)));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * cap);
    }
}
