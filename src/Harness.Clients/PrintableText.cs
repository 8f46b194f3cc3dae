using System.Globalization;
using System.Text;

namespace Harness.Clients;

/// <summary>
/// Makes text a server sent safe to print or write: every control character (NUL, ESC, DEL, the C1
/// range...) and every bidirectional override is shown escaped (<c>\x00</c>, <c>\x1b</c>,
/// <c>\u202e</c>) rather than passed to a terminal or a report as is. The one home for that: a
/// timeline's <see cref="RequestTimeline.ErrorMessage"/> and a conformance check's evidence go through it.
/// </summary>
public static class PrintableText
{
    /// <summary>
    /// <paramref name="text"/> on one line (line ends become spaces, the ends trimmed) with every
    /// other control character escaped as <c>\xNN</c> and every bidirectional control as <c>\uNNNN</c>.
    /// </summary>
    public static string OneLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Escape(text.ReplaceLineEndings(" ").Trim());
    }

    /// <summary>
    /// <paramref name="text"/> with every control character but tab escaped as <c>\xNN</c> (line ends
    /// too: use <see cref="OneLine"/> to turn them into spaces) and every bidirectional control as
    /// <c>\uNNNN</c>; text without any is returned as it is.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int first = IndexOfUnprintable(text);
        if (first < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        sb.Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (IsControl(c))
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else if (IsBidiControl(c))
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static int IndexOfUnprintable(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (IsControl(text[i]) || IsBidiControl(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A C0 or C1 control character or DEL, but tab (which prints as space).</summary>
    private static bool IsControl(char c) => c < 0x100 && char.IsControl(c) && c != '\t';

    /// <summary>The marks that reorder what follows them on screen (U+200E/F, U+202A–E, U+2066–9): text that reads otherwise than it is.</summary>
    private static bool IsBidiControl(char c) => c is '\u200e' or '\u200f' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');
}
