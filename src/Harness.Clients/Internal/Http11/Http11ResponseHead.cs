using System.Net;
using System.Net.Http;
using System.Text;
using Harness.Clients.Redaction;

namespace Harness.Clients.Internal.Http11;

/// <summary>
/// A response's status line and header fields (RFC 9112 §4, §5), parsed strictly: what a lenient
/// parser would guess at (a folded line, space before the colon, a bad status line) is an invalid
/// response, as SocketsHttpHandler treats it, not a silent reinterpretation.
/// </summary>
internal sealed class Http11ResponseHead
{
    private Http11ResponseHead(Version version, int statusCode, string reasonPhrase, List<KeyValuePair<string, string>> fields)
    {
        Version = version;
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        Fields = fields;
    }

    public Version Version { get; }

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    /// <summary>Field name and value (whitespace around the value removed), in the order received.</summary>
    public List<KeyValuePair<string, string>> Fields { get; }

    /// <summary>
    /// The length of the head at the start of <paramref name="bytes"/>, through its empty line;
    /// -1 while the empty line has not arrived. Lines end in LF, with or without CR (§2.2).
    /// </summary>
    public static int FindEnd(ReadOnlySpan<byte> bytes)
    {
        var start = 0;
        while (true)
        {
            var lf = bytes[start..].IndexOf((byte)'\n');
            if (lf < 0)
            {
                return -1;
            }

            var line = bytes.Slice(start, lf);
            start += lf + 1;
            if (line.IsEmpty || line is [(byte)'\r'])
            {
                return start;
            }
        }
    }

    /// <summary>Parses a complete head (as <see cref="FindEnd"/> delimits it).</summary>
    /// <exception cref="HttpRequestException">The head is not a valid HTTP/1.x response head.</exception>
    public static Http11ResponseHead Parse(ReadOnlySpan<byte> head)
    {
        var statusLine = TakeLine(ref head);
        var (version, status, reason) = ParseStatusLine(statusLine);
        var fields = new List<KeyValuePair<string, string>>();
        while (true)
        {
            var line = TakeLine(ref head);
            if (line.IsEmpty)
            {
                return new Http11ResponseHead(version, status, reason, fields);
            }

            fields.Add(ParseField(line));
        }
    }

    /// <summary>
    /// Whether the server keeps the connection open after this response (RFC 9112 §9.3): HTTP/1.1
    /// without a <c>close</c> connection option. An HTTP/1.0 server's keep-alive is not relied on.
    /// </summary>
    public bool KeepsConnectionOpen()
    {
        if (Version != HttpVersion.Version11)
        {
            return false;
        }

        foreach (var (name, value) in Fields)
        {
            if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var option in ListMembers(value))
                {
                    if (option.Equals("close", StringComparison.OrdinalIgnoreCase))
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    /// <summary>The body's framing and, for <see cref="Http11Framing.ContentLength"/>, its length.</summary>
    public (Http11Framing Framing, long Length) Framing()
    {
        if (StatusCode is < 200 or 204 or 304)
        {
            return (Http11Framing.None, 0);
        }

        string? transferEncoding = null;
        long? length = null;
        foreach (var (name, value) in Fields)
        {
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                transferEncoding = transferEncoding is null ? value : transferEncoding + "," + value;
            }
            else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var part in ListMembers(value))
                {
                    if (!long.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
                        || (length is long seen && seen != n))
                    {
                        throw Invalid($"Content-Length '{value}' is not one non-negative integer");
                    }

                    length = n;
                }
            }
        }

        if (transferEncoding is not null)
        {
            // Transfer-Encoding overrides Content-Length (§6.3 item 3); only a final chunked ends in-band.
            var last = ListMembers(transferEncoding)[^1];
            return (last.Equals("chunked", StringComparison.OrdinalIgnoreCase) ? Http11Framing.Chunked : Http11Framing.UntilClose, 0);
        }

        return length is long l ? (Http11Framing.ContentLength, l) : (Http11Framing.UntilClose, 0);
    }

    /// <summary>The members of a field value that is a comma-separated list (RFC 9110 §5.6.1), each without the spaces and tabs around it.</summary>
    private static string[] ListMembers(string value)
    {
        var members = value.Split(',');
        for (int i = 0; i < members.Length; i++)
        {
            members[i] = members[i].Trim(' ', '\t');
        }

        return members;
    }

    public static HttpRequestException Invalid(string what) =>
        ExceptionText.Plain(new HttpRequestException(HttpRequestError.InvalidResponse, $"the server's answer is not valid HTTP/1.1: {what}"));

    private static ReadOnlySpan<byte> TakeLine(ref ReadOnlySpan<byte> rest)
    {
        var lf = rest.IndexOf((byte)'\n');
        if (lf < 0)
        {
            throw Invalid("the head ended mid-line");
        }

        var line = rest[..lf];
        rest = rest[(lf + 1)..];
        if (line is [.., (byte)'\r'])
        {
            line = line[..^1];
        }

        if (line.Contains((byte)'\r') || line.Contains((byte)0))
        {
            throw Invalid("a bare CR or NUL in the head");
        }

        return line;
    }

    private static (Version Version, int Status, string Reason) ParseStatusLine(ReadOnlySpan<byte> line)
    {
        // HTTP-version SP 3DIGIT SP [reason]; a missing reason (and its SP) is accepted, as clients do.
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || !char.IsAsciiDigit((char)line[7]) || line[8] != ' '
            || !char.IsAsciiDigit((char)line[9]) || !char.IsAsciiDigit((char)line[10]) || !char.IsAsciiDigit((char)line[11])
            || (line.Length > 12 && line[12] != ' '))
        {
            throw Invalid($"status line '{SecretRedactor.RedactThenClip(Encoding.Latin1.GetString(line), 64)}'");
        }

        var version = line[7] == '0' ? HttpVersion.Version10 : HttpVersion.Version11;
        var status = ((line[9] - '0') * 100) + ((line[10] - '0') * 10) + (line[11] - '0');
        if (status < 100)
        {
            throw Invalid($"status code {status:000}");
        }

        var reason = line.Length > 13 ? Encoding.Latin1.GetString(line[13..]) : string.Empty;
        return (version, status, reason);
    }

    private static KeyValuePair<string, string> ParseField(ReadOnlySpan<byte> line)
    {
        if (line[0] is (byte)' ' or (byte)'\t')
        {
            throw Invalid("a folded header line (obs-fold)");
        }

        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            throw Invalid("a header line without a field name and colon");
        }

        var name = line[..colon];
        foreach (var b in name)
        {
            if (!IsTokenChar(b))
            {
                throw Invalid($"field name '{Encoding.Latin1.GetString(name)}'");
            }
        }

        var value = line[(colon + 1)..].Trim(" \t"u8);
        return new(Encoding.ASCII.GetString(name), Encoding.Latin1.GetString(value));
    }

    private static bool IsTokenChar(byte b) =>
        char.IsAsciiLetterOrDigit((char)b) || "!#$%&'*+-.^_`|~"u8.Contains(b);
}
