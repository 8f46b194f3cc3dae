using System.Globalization;
using System.Text.RegularExpressions;
using Harness.Clients;

namespace Harness.Cli.Options;

/// <summary>
/// Parses the URL an option names, with a message that says what is wrong: a port out of range
/// is named as such (<see cref="Uri"/> only says the URI is invalid), and the schemes are listed
/// with the right article ("an http://", "a ws://").
/// </summary>
internal static partial class UrlText
{
    /// <summary>Parses <paramref name="text"/>; null when absent.</summary>
    /// <exception cref="UsageException">Not an absolute URL of one of <paramref name="schemes"/>, or its port is out of range.</exception>
    public static Uri? Parse(string? text, string option, params string[] schemes)
    {
        if (text is null)
        {
            return null;
        }

        // Shown as EndpointUrl shows it: a refused URL may still carry a password or a signature.
        string shown = EndpointUrl.ForDisplay(text);
        if (PortOf(text) is { } port && !(port.Length <= 5 && int.Parse(port, CultureInfo.InvariantCulture) is >= 1 and <= 65535))
        {
            throw new UsageException($"{option}: '{shown}': port {port} is out of range (1-65535)");
        }

        string kind = schemes.SequenceEqual(AnyStreaming) ? "http(s) or ws(s)" : string.Join(" or ", schemes.Select(s => s + "://"));
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme))
        {
            throw new UsageException($"{option}: '{shown}' is not {Article(schemes[0])} {kind} URL");
        }

        try
        {
            return EndpointUrl.Accept(uri);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"{option}: {ex.Message}");
        }
    }

    /// <summary>Every scheme a chat stream is sent over, for options taking either an SSE or a WebSocket URL.</summary>
    public static readonly string[] AnyStreaming = ["http", "https", "ws", "wss"];

    /// <summary>"an" before a letter sounding a vowel ("an http://", "an https://"), else "a" ("a ws://").</summary>
    public static string Article(string scheme) =>
        scheme.Length > 0 && "aefhilmnorsx".Contains(char.ToLowerInvariant(scheme[0]), StringComparison.Ordinal) ? "an" : "a";

    /// <summary>The port written after the host (its digits), or null when none is written.</summary>
    private static string? PortOf(string text) =>
        Authority().Match(text) is { Success: true } match ? match.Groups["port"].Value.TrimStart('0').PadLeft(1, '0') : null;

    // scheme://[userinfo@](host | [v6]):digits, then the path, query or end.
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?(?:\[[^\]]*\]|[^/?#:\[\]]*):(?<port>[0-9]+)(?:[/?#]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex Authority();
}
