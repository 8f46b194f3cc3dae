using System.Text;
using CsCheck;
using Harness.Clients.Redaction;

namespace Harness.Clients.Tests.Redaction;

/// <summary>
/// The key echoed escaped (JSON, HTML/XML, URL, mixed per character, nested up to three layers)
/// leaves redacted text and bytes whatever the write split; text without it passes unchanged.
/// </summary>
public sealed class EscapedSecretMatcherTests
{
    private const string Key = "sk-esc/a+B_9.z";
    private const string Replacement = "[redacted]";
    private const string KeyAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_/+=.";

    // Never a key character, an escape start, ';' (ends a reference) or a digit (continues one).
    private const string Filler = " ~!()[]<>?@";

    [Theory]
    [InlineData(@"\u0073k-esc\/a+B_9.z")]
    [InlineData(@"\u0073\u006B\u002d\u0065sc\u002Fa\u002bB_9.z")]
    [InlineData("&#115;k-esc&#x2F;a&#43;B&lowbar;9&period;z")]
    [InlineData("&#X73k-esc&sol;a&plus;B_9.z")]
    [InlineData("sk-esc%2Fa%2bB_9.z")]
    [InlineData(@"%5Cu0073k-esc%5C%2Fa+B_9.z")] // JSON inside a URL
    [InlineData(@"&amp;#115;k-esc\\u002fa+B_9.z")] // HTML inside HTML, JSON inside JSON
    [InlineData("%2526%2523115%253Bk-esc/a+B_9.z")] // HTML inside URL inside URL: three layers
    public void Find_EscapedEcho_IsOneWholeMatch(string echo)
    {
        var matcher = new EscapedSecretMatcher<char>(Key.ToCharArray());
        string text = $"error: invalid key {echo}, try again";
        var match = matcher.Find(text, final: true);
        Assert.Equal(new SecretMatch(text.IndexOf(echo, StringComparison.Ordinal), echo.Length, false), match);
    }

    [Theory]
    [InlineData(@"\u0073k-esc\/a+B_9.")] // one character short
    [InlineData(@"\u0074k-esc/a+B_9.z")] // another first character
    [InlineData("%7k-esc/a+B_9.z")] // half a percent escape
    [InlineData(@"\U0073k-esc/a+B_9.z")] // JSON has no \U
    public void Find_NearMisses_AreNoMatch(string text)
    {
        var matcher = new EscapedSecretMatcher<char>(Key.ToCharArray());
        var match = matcher.Find(text, final: true);
        Assert.False(match.Found, $"matched {match}");
    }

    [Fact]
    public void Find_AnEscapedStartAtTheEnd_IsPartial_UnlessFinal()
    {
        var matcher = new EscapedSecretMatcher<char>(Key.ToCharArray());
        string text = @"ok \u0073k-e";
        Assert.Equal(new SecretMatch(3, text.Length - 3, true), matcher.Find(text, final: false));
        Assert.False(matcher.Find(text, final: true).Found);
        Assert.Equal(new SecretMatch(3, 2, true), matcher.Find(@"ok \u", final: false));
        Assert.False(matcher.Find(@"ok \x", final: false).Found);
    }

    [Fact]
    public void Find_AShorterParseInsideTheLastEscape_DoesNotEndTheMatch()
    {
        // Found by the property below: '\\\u0075' also parses as a whole 'u' (a '\' escaped twice, then
        // "u0075"), which ended the match there and let the rest of the real escape out.
        var matcher = new EscapedSecretMatcher<char>("xu".ToCharArray());
        string echo = @"x\\\u0075&#48;%30\u0037&#X35;";
        Assert.Equal(new SecretMatch(0, echo.Length, false), matcher.Find(echo, final: true));
        Assert.Equal(new SecretMatch(0, echo.Length - 1, true), matcher.Find(echo.AsSpan(0, echo.Length - 1), final: false));
    }

    [Fact]
    public void Redactor_RemovesANestedEscapedKey()
    {
        const string key = "sk-nested-echo-5f6e7d8c";
        SecretRedactor.Add(key);
        string echo = @"%5Cu0073%5Cu006b-nested&#x2D;echo-5f6e7d8c";
        Assert.Equal("got [redacted]!", SecretRedactor.Redact($"got {echo}!"));
        Assert.Equal("got [redacted]!", Encoding.UTF8.GetString(SecretRedactor.Redact(Encoding.UTF8.GetBytes($"got {echo}!"))));
    }

    [Fact]
    public void Property_EscapedKeySplitAnywhere_IsRedacted_Text()
    {
        Gen.Select(Gen.String[Gen.Char[KeyAlphabet], 8, 40], Gen.Int, Gen.String[Gen.Char[Filler], 0, 20], Gen.String[Gen.Char[Filler], 0, 20]).Sample(
            (key, seed, before, after) =>
            {
                var random = new Random(seed);
                string text = before + RandomEscaper.Escape(key, random.Next(EscapedSecretMatcher<char>.MaxLayers + 1), random) + after;
                var output = new StringBuilder();
                Redact(text.ToCharArray(), [new EscapedSecretMatcher<char>(key.ToCharArray())], Replacement.ToCharArray(), random, piece => output.Append(piece));
                Assert.Equal(before + Replacement + after, output.ToString());
            },
            iter: 3000);
    }

    [Fact]
    public void Property_EscapedKeySplitAnywhere_IsRedacted_Utf8()
    {
        Gen.Select(Gen.String[Gen.Char[KeyAlphabet], 8, 40], Gen.Int, Gen.String[Gen.Char[Filler + "é"], 0, 20]).Sample(
            (key, seed, around) =>
            {
                var random = new Random(seed);
                string text = around + RandomEscaper.Escape(key, random.Next(EscapedSecretMatcher<byte>.MaxLayers + 1), random) + around;
                var output = new List<byte>();
                Redact(Encoding.UTF8.GetBytes(text), [new EscapedSecretMatcher<byte>(Encoding.UTF8.GetBytes(key))], Encoding.UTF8.GetBytes(Replacement), random, piece => output.AddRange(piece));
                Assert.Equal(around + Replacement + around, Encoding.UTF8.GetString([.. output]));
            },
            iter: 3000);
    }

    [Fact]
    public void Property_TextWithoutTheKey_PassesUnchanged()
    {
        // Escape syntax, key characters and everything else, mixed: never the whole key.
        var text = Gen.String[Gen.Char[@"\&%#;xXu0123456789abcdefABCDEF sk-/+"], 0, 300];
        Gen.Select(Gen.String[Gen.Char[KeyAlphabet], 16, 40], text, Gen.Int).Sample(
            (key, input, seed) =>
            {
                var matcher = new EscapedSecretMatcher<char>(key.ToCharArray());
                if (matcher.Find(input, final: true).Found)
                {
                    return; // the alphabet spelled the key after all
                }

                var output = new StringBuilder();
                Redact(input.ToCharArray(), [matcher], Replacement.ToCharArray(), new Random(seed), piece => output.Append(piece));
                Assert.Equal(input, output.ToString());
            },
            iter: 3000);
    }

    // Feeds input in random pieces and ends it, as RedactingTextWriter and RedactingStream do.
    private static void Redact<T>(T[] input, EscapedSecretMatcher<T>[] secrets, T[] replacement, Random random, StreamingRedaction<T>.Sink sink)
        where T : unmanaged, IEquatable<T>
    {
        var redaction = new StreamingRedaction<T>();
        for (int at = 0; at < input.Length;)
        {
            int piece = Math.Min(input.Length - at, 1 + random.Next(random.Next(2) == 0 ? 4 : 64));
            redaction.Write(input.AsSpan(at, piece), secrets, replacement, sink);
            at += piece;
        }

        redaction.Complete(secrets, replacement, sink);
    }
}
