using System.Net.Security;
using Harness.Clients;

namespace Harness.Conformance;

/// <summary>The endpoint under test and how to talk to it.</summary>
public sealed record ConformanceTarget
{
    /// <summary>Full URL of the chat-completions endpoint (e.g. <c>http://127.0.0.1:8080/v1/chat/completions</c>).</summary>
    public required Uri ChatCompletionsUrl { get; init; }

    /// <summary>URL of the WebSocket chat endpoint; the WebSocket checks skip when null.</summary>
    public Uri? WebSocketUrl { get; init; }

    /// <summary>Model name sent in every request.</summary>
    public string Model { get; init; } = "fake";

    /// <summary>API key sent as <c>Authorization: Bearer</c>; never printed or written. Null: no key (the bad-key check skips).</summary>
    public string? ApiKey { get; init; }

    /// <summary>
    /// A request header that makes the endpoint answer 429 (for the fake: <c>x-fake-fault: status=429</c>).
    /// Null: the Retry-After check skips, because provoking a real rate limit means sending load.
    /// </summary>
    public KeyValuePair<string, string>? RateLimitHeader { get; init; }

    /// <summary>Extra headers on every request and WebSocket upgrade (<c>--header</c>; never Authorization).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Replaces the system's TLS certificate checks on every connection (<c>--insecure</c>: any certificate); null keeps them.</summary>
    public RemoteCertificateValidationCallback? CertificateValidation { get; init; }

    /// <summary>The longest a check waits for one stream, reply or connection.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Accepts a base URL (<c>http://host:port</c> or <c>…/v1</c>) or the full chat-completions URL and
    /// returns the chat-completions URL.
    /// </summary>
    /// <exception cref="ArgumentException">Not an absolute http(s) URL.</exception>
    public static Uri ResolveChatCompletionsUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{EndpointUrl.ForDisplay(url)}' is not an absolute http:// or https:// URL", nameof(url));
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/chat/completions", StringComparison.Ordinal))
        {
            return uri;
        }

        var suffix = path.EndsWith("/v1", StringComparison.Ordinal) ? "/chat/completions" : "/v1/chat/completions";
        return new UriBuilder(uri) { Path = path + suffix }.Uri;
    }
}
