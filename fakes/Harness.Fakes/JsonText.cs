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

            Encoding.UTF8.GetBytes(Quote(c.ToString()).AsSpan(1, Quote(c.ToString()).Length - 2), output);
            start = i + 1;
        }

        if (value.Length > start)
        {
            Encoding.UTF8.GetBytes(value.AsSpan(start), output);
        }

        output.Write("\""u8);
    }
}
