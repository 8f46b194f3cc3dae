using System.Buffers;
using System.Globalization;
using System.Text;

namespace Harness.Fakes;

/// <summary>Minimal JSON string quoting that keeps non-ASCII text as raw UTF-8 (System.Text.Json escapes emoji).</summary>
internal static class JsonText
{
    public static string Quote(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>Writes <paramref name="value"/> as a quoted JSON string in UTF-8, without allocating for plain text.</summary>
    public static void WriteQuoted(IBufferWriter<byte> output, string value)
    {
        output.Write("\""u8);
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 0x20 && c != '"' && c != '\\')
            {
                continue;
            }

            if (i > start)
            {
                Encoding.UTF8.GetBytes(value.AsSpan(start, i - start), output);
            }

            WriteEscape(output, c);
            start = i + 1;
        }

        if (value.Length > start)
        {
            Encoding.UTF8.GetBytes(value.AsSpan(start), output);
        }

        output.Write("\""u8);
    }

    private static void WriteEscape(IBufferWriter<byte> output, char c)
    {
        switch (c)
        {
            case '"': output.Write("\\\""u8); break;
            case '\\': output.Write("\\\\"u8); break;
            case '\n': output.Write("\\n"u8); break;
            case '\r': output.Write("\\r"u8); break;
            case '\t': output.Write("\\t"u8); break;
            default:
                Span<byte> u = stackalloc byte[6];
                "\\u00"u8.CopyTo(u);
                u[4] = HexDigit(c >> 4);
                u[5] = HexDigit(c & 0xF);
                output.Write(u);
                break;
        }
    }

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);
}
