namespace Harness.Clients;

/// <summary>
/// What the headers of a successful SSE response must say before its body can be read as an event
/// stream: Content-Type <c>text/event-stream</c> (WHATWG: any other type fails the connection) and
/// no content coding (the harness asks for <c>identity</c>; a compressed body is neither events
/// nor timed as the server sent them, so it is named, not decoded). One home for the SSE client and
/// the conformance checks.
/// </summary>
public static class EventStreamHeaders
{
    /// <summary>The media type of an event stream.</summary>
    public const string MediaType = "text/event-stream";

    private const int MaxShown = 64;

    /// <summary>
    /// The media type to name when <paramref name="mediaType"/> (the Content-Type without its
    /// parameters) is not <c>text/event-stream</c>: lower case, only token characters, at most 64;
    /// <c>none</c> when absent. Null when it is right.
    /// </summary>
    public static string? WrongMediaType(string? mediaType)
    {
        if (string.Equals(mediaType?.Trim(), MediaType, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Shown(mediaType);
    }

    /// <summary>The content coding to name when the body is encoded (<c>gzip</c>, <c>br</c>...); null for none or <c>identity</c>.</summary>
    public static string? Coding(IEnumerable<string>? contentEncoding)
    {
        var codings = contentEncoding?.Select(c => c.Trim()).Where(c => c.Length > 0 && !c.Equals("identity", StringComparison.OrdinalIgnoreCase)).ToList();
        return codings is null || codings.Count == 0 ? null : Shown(string.Join(",", codings));
    }

    private static string Shown(string? value)
    {
        // Whatever a server sends becomes an outcome name in files and metrics: keep it short and plain.
        var shown = new string((value ?? string.Empty).Trim().ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || "!#$&^_.+-/,".Contains(c, StringComparison.Ordinal)).Take(MaxShown).ToArray());
        return shown.Length == 0 ? "none" : shown;
    }
}
