using System.Globalization;
using System.Text.RegularExpressions;
using Harness.Clients.Redaction;

namespace Harness.Clients;

/// <summary>
/// An endpoint URL as the harness accepts and shows it. One with credentials in it
/// (<c>user:password@host</c>) is refused: the key has its own source, and a password in a URL is
/// shown wherever the URL is. Credential-like query values (<c>api_key</c>, <c>token</c>, <c>sig</c>…,
/// as Azure SAS URLs and some gateways carry them) are sent as given but shown redacted, and long
/// ones become secrets of <see cref="SecretRedactor"/>, so no output holds them.
/// </summary>
public static partial class EndpointUrl
{
    // A short value is no credential, and redacting it everywhere would garble the output (as for headers).
    private const int MinSecretLength = 8;

    private static readonly string[] s_credentialNames =
        ["key", "api_key", "api-key", "apikey", "token", "access_token", "auth", "sig", "signature", "secret", "password", "code"];

    /// <summary>Every scheme a chat stream is sent over, for settings taking either an SSE or a WebSocket URL.</summary>
    public static readonly IReadOnlyList<string> AnyStreaming = ["http", "https", "ws", "wss"];

    /// <summary>
    /// Parses endpoint URL text and <see cref="Accept(Uri)"/>s it, with a message that says what is
    /// wrong: a port out of range is named as such (<see cref="Uri"/> only says the URI is invalid),
    /// and the schemes are listed with the right article ("an http://", "a ws://").
    /// </summary>
    /// <param name="text">The URL as given.</param>
    /// <param name="schemes">The schemes accepted, the usual one first.</param>
    /// <exception cref="FormatException">Not an absolute URL of one of <paramref name="schemes"/>, its port out of range, or credentials in it; the message shows the URL only as <see cref="ForDisplay(string)"/> does.</exception>
    public static Uri Parse(string text, IReadOnlyList<string> schemes)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(schemes);

        // A refused URL may still carry a password or a signature.
        string shown = ForDisplay(text);
        if (PortOf(text) is { } port && !(port.Length <= 5 && int.Parse(port, CultureInfo.InvariantCulture) is >= 1 and <= 65535))
        {
            throw new FormatException($"'{shown}': port {port} is out of range (1-65535)");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme))
        {
            string kind = schemes.SequenceEqual(AnyStreaming) ? "http(s) or ws(s)" : string.Join(" or ", schemes.Select(s => s + "://"));
            throw new FormatException($"'{shown}' is not {Article(schemes[0])} {kind} URL");
        }

        return Accept(uri);
    }

    /// <summary>Accepts <paramref name="url"/> as an endpoint: refuses credentials in it, registers credential-like query values as secrets.</summary>
    /// <exception cref="FormatException">The URL carries <c>user:password@</c> (the message never shows them).</exception>
    public static Uri Accept(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.IsAbsoluteUri && url.UserInfo.Length > 0)
        {
            throw new FormatException($"the URL carries credentials ({ForDisplay(url)}); give the key with --api-key-file or {ApiKeySource.OpenAiVariable}");
        }

        foreach (var (_, value) in CredentialValues(url.IsAbsoluteUri ? url.Query : string.Empty))
        {
            if (value.Length >= MinSecretLength)
            {
                SecretRedactor.Add(value);
                SecretRedactor.Add(Uri.UnescapeDataString(value));
            }
        }

        return url;
    }

    /// <summary><paramref name="url"/> as it may be shown: credentials (<c>user:password@</c>) and credential-like query values replaced.</summary>
    public static string ForDisplay(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return ForDisplay(url.ToString());
    }

    /// <summary>URL text as it may be shown (also text that did not parse as a URL).</summary>
    public static string ForDisplay(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        string text = url;
        int scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            // The last '@' before the query: a password with an unescaped '/' in it (a URL that did not parse) goes too.
            int hostStart = scheme + 3;
            int hostEnd = text.AsSpan(hostStart).IndexOfAny('?', '#') is var end and >= 0 ? hostStart + end : text.Length;
            int at = hostEnd > hostStart ? text.LastIndexOf('@', hostEnd - 1, hostEnd - hostStart) : -1;
            if (at >= 0)
            {
                text = string.Concat(text.AsSpan(0, hostStart), SecretRedactor.Replacement, text.AsSpan(at));
            }
        }

        // Query and fragment alike (a token in a fragment is as much one).
        int query = text.AsSpan().IndexOfAny('?', '#');
        if (query < 0)
        {
            return text;
        }

        var shown = new System.Text.StringBuilder(text.Length).Append(text.AsSpan(0, query + 1));
        string rest = text[(query + 1)..];
        int i = 0;
        while (i <= rest.Length)
        {
            int stop = rest.AsSpan(i).IndexOfAny('&', ';', '#') is var s and >= 0 ? i + s : rest.Length;
            string pair = rest[i..stop];
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            shown.Append(eq > 0 && IsCredentialName(pair[..eq]) ? pair[..(eq + 1)] + SecretRedactor.Replacement : pair);
            if (stop < rest.Length)
            {
                shown.Append(rest[stop]);
            }

            i = stop + 1;
        }

        return shown.ToString();
    }

    /// <summary>Whether a query parameter named <paramref name="name"/> (percent-encoded or not) carries a credential.</summary>
    public static bool IsCredentialName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string decoded = Uri.UnescapeDataString(name.Replace('+', ' ')).Trim();
        return s_credentialNames.Contains(decoded, StringComparer.OrdinalIgnoreCase);
    }

    private static IEnumerable<(string Name, string Value)> CredentialValues(string query)
    {
        foreach (string pair in query.TrimStart('?').Split('&', ';'))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && IsCredentialName(pair[..eq]))
            {
                yield return (pair[..eq], pair[(eq + 1)..]);
            }
        }
    }

    /// <summary>"an" before a letter sounding a vowel ("an http://", "an https://"), else "a" ("a ws://").</summary>
    private static string Article(string scheme) =>
        scheme.Length > 0 && "aefhilmnorsx".Contains(char.ToLowerInvariant(scheme[0]), StringComparison.Ordinal) ? "an" : "a";

    /// <summary>The port written after the host (its digits), or null when none is written.</summary>
    private static string? PortOf(string text) =>
        Authority().Match(text) is { Success: true } match ? match.Groups["port"].Value.TrimStart('0').PadLeft(1, '0') : null;

    // scheme://[userinfo@](host | [v6]):digits, then the path, query or end.
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?(?:\[[^\]]*\]|[^/?#:\[\]]*):(?<port>[0-9]+)(?:[/?#]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex Authority();
}
