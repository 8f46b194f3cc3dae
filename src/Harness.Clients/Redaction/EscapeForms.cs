using System.Globalization;

namespace Harness.Clients.Redaction;

/// <summary>
/// The ways one ASCII character can be written escaped, as patterns of <see cref="EscapeElement"/>:
/// JSON (<c>\u0073</c>, <c>\/</c>), HTML/XML numeric and named references (<c>&amp;#115;</c>,
/// <c>&amp;#x73;</c>, <c>&amp;amp;</c>) and URL percent-encoding (<c>%73</c>). Every pattern begins
/// with <c>\</c>, <c>&amp;</c> or <c>%</c>; <see cref="EscapedSecretMatcher{T}"/> relies on that.
/// </summary>
internal static class EscapeForms
{
    /// <summary>Characters with forms: ASCII.</summary>
    public const int Count = 128;

    private static readonly EscapeElement[][][] s_forms = Build();

    /// <summary>The escape patterns of <paramref name="ascii"/> (below <see cref="Count"/>).</summary>
    public static EscapeElement[][] Of(int ascii) => s_forms[ascii];

    /// <summary>Whether <paramref name="unit"/> can begin an escape.</summary>
    public static bool IsStart(int unit) => unit is '\\' or '&' or '%';

    private static EscapeElement[][][] Build()
    {
        var named = new Dictionary<char, string[]>
        {
            ['&'] = ["amp", "AMP"], ['<'] = ["lt", "LT"], ['>'] = ["gt", "GT"], ['"'] = ["quot", "QUOT"], ['\''] = ["apos"],
            ['/'] = ["sol"], ['\\'] = ["bsol"], ['+'] = ["plus"], ['='] = ["equals"], ['_'] = ["lowbar", "UnderBar"],
            ['.'] = ["period"], [':'] = ["colon"], [';'] = ["semi"], [','] = ["comma"], ['!'] = ["excl"], ['?'] = ["quest"],
            ['#'] = ["num"], ['$'] = ["dollar"], ['%'] = ["percnt"], ['*'] = ["ast", "midast"], ['('] = ["lpar"], [')'] = ["rpar"],
            ['['] = ["lsqb", "lbrack"], [']'] = ["rsqb", "rbrack"], ['{'] = ["lcub", "lbrace"], ['}'] = ["rcub", "rbrace"],
            ['|'] = ["verbar", "vert", "VerticalLine"], ['^'] = ["Hat"], ['`'] = ["grave", "DiacriticalGrave"], ['@'] = ["commat"],
            ['\t'] = ["Tab"], ['\n'] = ["NewLine"],
        };
        var jsonShort = new Dictionary<char, char> { ['"'] = '"', ['\\'] = '\\', ['/'] = '/', ['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't' };

        var forms = new EscapeElement[Count][][];
        for (int c = 0; c < Count; c++)
        {
            var list = new List<EscapeElement[]>();
            string hex4 = c.ToString("x4", CultureInfo.InvariantCulture);
            string hex = c.ToString("x", CultureInfo.InvariantCulture);
            string dec = c.ToString(CultureInfo.InvariantCulture);

            // JSON (RFC 8259): \uXXXX with hex digits in either case, and the two-character escapes.
            list.Add([EscapeElement.Exact('\\'), EscapeElement.Exact('u'), .. hex4.Select(EscapeElement.AnyCase)]);
            if (jsonShort.TryGetValue((char)c, out char letter))
            {
                list.Add([EscapeElement.Exact('\\'), EscapeElement.Exact(letter)]);
            }

            // HTML/XML character references: decimal, hex (x or X), then the named ones.
            list.Add([EscapeElement.Exact('&'), EscapeElement.Exact('#'), new(EscapeElementKind.Zeros, 0), .. dec.Select(d => EscapeElement.Exact(d)), new(EscapeElementKind.OptionalSemicolon, 0)]);
            list.Add([EscapeElement.Exact('&'), EscapeElement.Exact('#'), EscapeElement.AnyCase('x'), new(EscapeElementKind.Zeros, 0), .. hex.Select(EscapeElement.AnyCase), new(EscapeElementKind.OptionalSemicolon, 0)]);
            foreach (string name in named.GetValueOrDefault((char)c, []))
            {
                list.Add([EscapeElement.Exact('&'), .. name.Select(n => EscapeElement.Exact(n)), EscapeElement.Exact(';')]);
            }

            // URL percent-encoding (RFC 3986), hex digits in either case.
            list.Add([EscapeElement.Exact('%'), .. c.ToString("x2", CultureInfo.InvariantCulture).Select(EscapeElement.AnyCase)]);
            forms[c] = [.. list];
        }

        return forms;
    }
}
