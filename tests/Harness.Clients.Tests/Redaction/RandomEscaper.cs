using System.Globalization;
using System.Text;

namespace Harness.Clients.Tests.Redaction;

/// <summary>
/// Writes text the way servers and writers escape it: each character literal or escaped (JSON,
/// HTML/XML, URL) by a random choice of its own, the characters of an escape escaped again, up to
/// the given number of layers.
/// </summary>
internal static class RandomEscaper
{
    private static readonly Dictionary<char, string> s_named = new() { ['&'] = "amp", ['/'] = "sol", ['+'] = "plus", ['='] = "equals", ['_'] = "lowbar", ['.'] = "period", [';'] = "semi", ['#'] = "num", ['%'] = "percnt", ['\\'] = "bsol" };
    private static readonly Dictionary<char, char> s_jsonShort = new() { ['/'] = '/', ['\\'] = '\\', ['"'] = '"' };

    public static string Escape(string text, int layers, Random random)
    {
        var sb = new StringBuilder();
        foreach (char c in text)
        {
            sb.Append(EscapeChar(c, random.Next(layers + 1), random));
        }

        return sb.ToString();
    }

    private static string EscapeChar(char c, int layers, Random random)
    {
        if (layers == 0)
        {
            return c.ToString();
        }

        string escape = random.Next(7) switch
        {
            0 => "\\u" + Hex(c, "x4", random),
            1 when s_jsonShort.TryGetValue(c, out char letter) => "\\" + letter,
            2 => "&#" + new string('0', random.Next(3)) + ((int)c).ToString(CultureInfo.InvariantCulture) + (random.Next(4) == 0 ? string.Empty : ";"),
            3 => "&#" + (random.Next(2) == 0 ? "x" : "X") + Hex(c, "x", random) + ";",
            4 when s_named.TryGetValue(c, out string? name) => "&" + name + ";",
            5 => "%" + Hex(c, "x2", random),
            _ => c.ToString(),
        };
        if (escape.Length == 1)
        {
            return escape;
        }

        var sb = new StringBuilder();
        foreach (char e in escape)
        {
            sb.Append(EscapeChar(e, layers - 1, random));
        }

        return sb.ToString();
    }

    // Hex digits, each letter in a random case.
    private static string Hex(char c, string format, Random random) =>
        string.Concat(((int)c).ToString(format, CultureInfo.InvariantCulture).Select(d => random.Next(2) == 0 ? char.ToUpperInvariant(d) : d));
}
