using System.Buffers;
using System.Net.Http;
using System.Net.Http.Headers;

namespace Harness.Clients.Internal.Http11;

/// <summary>
/// An HTTP/1.1 request as bytes (RFC 9112 §3, §5): request line, fields and body, for one write.
/// The counterpart of <see cref="Http11ResponseHead"/>; <see cref="Http11Connection"/> sends it.
/// </summary>
internal static class Http11RequestWriter
{
    /// <summary>
    /// The Host field of <paramref name="uri"/>. RFC 9110 §7.2 takes the URI's authority, so an IPv6
    /// literal keeps its brackets ("[::1]:8080"; IdnHost drops them) and loses its zone ID, which
    /// names an interface of this machine, meaningless to the server (RFC 6874 §4).
    /// </summary>
    private static string HostField(Uri uri)
    {
        string host = uri.IdnHost;
        if (uri.HostNameType == UriHostNameType.IPv6)
        {
            int zone = host.IndexOf('%', StringComparison.Ordinal);
            host = $"[{(zone < 0 ? host : host[..zone])}]";
        }

        return uri.IsDefaultPort ? host : $"{host}:{uri.Port}";
    }

    /// <summary>
    /// Writes the request line, the fields and the body to <paramref name="output"/>: ASCII, with CR,
    /// LF and NUL refused, as SocketsHttpHandler refuses them, and non-ASCII too. Written as bytes
    /// straight from the header values, with no text built per request.
    /// </summary>
    public static void Write(ArrayBufferWriter<byte> output, HttpRequestMessage request, CancellationToken ct)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("the request has no URI");
        Ascii(output, request.Method.Method);
        Ascii(output, " ");
        Ascii(output, uri.PathAndQuery);
        output.Write(" HTTP/1.1\r\n"u8);
        Field(output, "Host", request.Headers.Host ?? HostField(uri));
        foreach (var (name, values) in request.Headers.NonValidated)
        {
            if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                Field(output, name, values);
            }
        }

        if (request.Content is not { } content)
        {
            output.Write("\r\n"u8);
            return;
        }

        foreach (var (name, values) in content.Headers.NonValidated)
        {
            if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                Field(output, name, values);
            }
        }

        long length = content.Headers.ContentLength ?? throw new InvalidOperationException("a request body of unknown length");
        FieldName(output, "Content-Length");
        length.TryFormat(output.GetSpan(20), out int digits, default, System.Globalization.CultureInfo.InvariantCulture);
        output.Advance(digits);
        output.Write("\r\n\r\n"u8);
        if (content is TimedBodyContent timed)
        {
            output.Write(timed.Body.Span);
        }
        else
        {
            using var body = new MemoryStream();
            content.CopyTo(body, null, ct);
            output.Write(body.GetBuffer().AsSpan(0, (int)body.Length));
        }
    }

    private static void Field(ArrayBufferWriter<byte> output, string name, string value)
    {
        FieldName(output, name);
        FieldValue(output, name, value);
        output.Write("\r\n"u8);
    }

    /// <summary>A field whose values are joined with ", ", as one line.</summary>
    private static void Field(ArrayBufferWriter<byte> output, string name, HeaderStringValues values)
    {
        FieldName(output, name);
        bool first = true;
        foreach (var value in values)
        {
            if (!first)
            {
                output.Write(", "u8);
            }

            FieldValue(output, name, value);
            first = false;
        }

        output.Write("\r\n"u8);
    }

    private static void FieldName(ArrayBufferWriter<byte> output, string name)
    {
        if (name.AsSpan().IndexOfAny("\r\n\0: ") >= 0)
        {
            throw BadField(name);
        }

        Ascii(output, name);
        output.Write(": "u8);
    }

    private static void FieldValue(ArrayBufferWriter<byte> output, string name, string value)
    {
        if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            throw BadField(name);
        }

        if (!TryAscii(output, value))
        {
            throw new HttpRequestException(HttpRequestError.Unknown, $"the request header '{name}' contains a non-ASCII character");
        }
    }

    private static HttpRequestException BadField(string name) =>
        new(HttpRequestError.Unknown, $"the request header '{name}' contains a line break, NUL or (in its name) a colon or space");

    /// <summary>Writes <paramref name="text"/> as its ASCII bytes.</summary>
    private static void Ascii(ArrayBufferWriter<byte> output, string text)
    {
        if (!TryAscii(output, text))
        {
            throw new HttpRequestException(HttpRequestError.Unknown, $"the request line or a header name contains a non-ASCII character: '{text}'");
        }
    }

    /// <summary>Writes <paramref name="text"/> as its ASCII bytes in one pass; false, having written nothing, when it is not ASCII.</summary>
    private static bool TryAscii(ArrayBufferWriter<byte> output, string text)
    {
        if (System.Text.Ascii.FromUtf16(text, output.GetSpan(text.Length), out int written) != OperationStatus.Done)
        {
            return false;
        }

        output.Advance(written);
        return true;
    }
}
