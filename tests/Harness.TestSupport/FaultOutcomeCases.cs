using Xunit;

namespace Harness.TestSupport;

/// <summary>
/// Every fault the fake injects, on each transport it applies to, with the outcome name a client
/// must report: one table, run against the clients and against the <c>stream</c> verb.
/// </summary>
public static class FaultOutcomeCases
{
    /// <summary>(transport, fault or null, expected outcome name).</summary>
    public static TheoryData<string, string?, string> All() => new()
    {
        // transport, fault, expected outcome name
        { "sse", null, "ok" },
        { "sse-h2", null, "ok" },
        { "ws", null, "ok" },
        { "sse", "no-done", "truncated" },
        { "sse-h2", "no-done", "truncated" },
        { "sse", "malformed@3", "malformed(1)" },
        { "sse-h2", "malformed@3", "malformed(1)" },
        { "sse", "garbage-line@3", "ok" },
        { "sse", "drop-rst@4", "truncated" },
        { "sse-h2", "drop-rst@4", "truncated" },
        { "sse", "drop-close@4", "truncated" },
        { "sse-h2", "drop-close@4", "truncated" },
        { "sse", "stall=50@3", "ok" },
        { "ws", "stall=50@3", "ok" },
        { "sse", "ping-every=2", "ok" },
        { "sse", "error-mid@3", "server_error" },
        { "sse-h2", "error-mid@3", "server_error" },
        { "ws", "error-mid@3", "server_error" },
        { "sse", "status=401", "http_error(401)" },
        { "sse", "status=500", "http_error(500)" },
        { "sse-h2", "status=429,retry-after=0", "http_error(429)" },
        { "sse", "slow-headers=30", "ok" },
        { "sse", "buffer-all", "ok" },
        { "sse", "line-ends=crlf", "ok" },
        { "sse", "line-ends=cr", "ok" },
        { "sse", "bom", "ok" },
        { "sse", "oversized@2=2000000", "malformed(1)" },
        { "sse", "oversized@2=1000", "ok" },
        { "ws", "ws-abort@3", "ws_closed(1006)" },
        { "ws", "ws-close-1011@3", "ws_closed(1011)" },
        { "ws", "ws-error@3", "server_error" },
        { "ws", "ws-non-json@3", "malformed(1)" },
        { "ws", "ws-binary@3", "malformed(1)" },
        { "ws", "ws-fragment@3", "ok" },
        { "sse", "no-usage", "ok" },
        { "sse", "no-finish-reason", "ok" },
        { "sse", "status=429,retry-after=7,no-retry-after", "http_error(429)" },
        // What the headers say is named, not reported as a truncated stream.
        { "sse", "html", "bad_content_type(text/html)" },
        { "sse-h2", "html", "bad_content_type(text/html)" },
        { "sse", "gzip", "content_encoding(gzip)" },
        { "sse-h2", "gzip", "content_encoding(gzip)" },
    };
}
