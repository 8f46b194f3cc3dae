using System.Runtime.CompilerServices;

namespace Harness.Clients.Redaction;

/// <summary>
/// Finds one secret in text where each of its characters may be written literally or escaped
/// (<see cref="EscapeForms"/>: JSON, HTML/XML, URL), the escapes themselves escaped again up to
/// <see cref="MaxLayers"/> deep (JSON inside a URL: <c>%5Cu0073</c>), in any mix: a server that
/// echoes the key in any of these reaches no output.
/// </summary>
/// <remarks>
/// Every escape begins with <c>\</c>, <c>&amp;</c> or <c>%</c>, also when that character is itself
/// escaped, so an escaped match holds one of them within its first secret-length characters. Text
/// is therefore searched with two vectorized scans (the literal secret, the three escape starts) and
/// only around an escape start is matched character by character: text without them costs what a
/// plain IndexOf costs. Only ASCII characters of the secret are matched escaped (API keys are
/// ASCII, see <see cref="ApiKeySource"/>); others only literally.
/// </remarks>
/// <typeparam name="T"><see cref="char"/> for text, <see cref="byte"/> for UTF-8.</typeparam>
internal sealed class EscapedSecretMatcher<T>
    where T : unmanaged, IEquatable<T>
{
    /// <summary>How many escapes deep a character is still recognised.</summary>
    public const int MaxLayers = 3;

    // Browsers accept any number of leading zeros in &#0115; a bound keeps a held tail bounded.
    private const int MaxLeadingZeros = 8;

    private static readonly T s_backslash = FromAscii('\\');
    private static readonly T s_ampersand = FromAscii('&');
    private static readonly T s_percent = FromAscii('%');

    private readonly T[] _literal;
    private readonly EscapeElement[] _pattern;

    /// <summary>A matcher of <paramref name="secret"/> (its characters, or its UTF-8 bytes).</summary>
    public EscapedSecretMatcher(T[] secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentOutOfRangeException.ThrowIfZero(secret.Length);
        _literal = secret;
        _pattern = [.. secret.Select(u => EscapeElement.Exact(UnitOf(u)))];
    }

    private enum Outcome
    {
        None,
        Partial,
        Full,
    }

    /// <summary>The secret, literally.</summary>
    public ReadOnlySpan<T> Literal => _literal;

    /// <summary>
    /// The earliest match in <paramref name="text"/>: a whole one, or (unless <paramref name="final"/>:
    /// no more text follows) a tail that may become one.
    /// </summary>
    public SecretMatch Find(ReadOnlySpan<T> text, bool final)
    {
        int literalAt = text.IndexOf(_literal);
        int limit = literalAt >= 0 ? literalAt : text.Length;

        // Escaped matches starting before the literal one: each holds an escape start within its first secret-length characters.
        int untried = 0;
        int searchFrom = 0;
        while (searchFrom < text.Length)
        {
            int found = text[searchFrom..].IndexOfAny(s_backslash, s_ampersand, s_percent);
            if (found < 0)
            {
                break;
            }

            int escapeAt = searchFrom + found;
            int from = Math.Max(untried, escapeAt - (_literal.Length - 1));
            if (from >= limit)
            {
                break;
            }

            for (int p = from; p <= escapeAt && p < limit; p++)
            {
                int unit = UnitOf(text[p]);
                if (unit != _pattern[0].Unit && !EscapeForms.IsStart(unit))
                {
                    continue;
                }

                var frames = default(Frames);
                frames[0] = new Frame(_pattern, 0, 0);
                int end = 0;
                var outcome = Continue(text, p, frames, 0, final, ref end);
                if (outcome == Outcome.Full)
                {
                    return new SecretMatch(p, end - p, false);
                }

                if (outcome == Outcome.Partial && !final)
                {
                    return new SecretMatch(p, text.Length - p, true);
                }
            }

            untried = escapeAt + 1;
            searchFrom = escapeAt + 1;
        }

        if (literalAt >= 0)
        {
            return new SecretMatch(literalAt, _literal.Length, false);
        }

        // A literal start of the secret at the very end (escaped starts were found above).
        if (!final)
        {
            for (int p = Math.Max(untried, text.Length - _literal.Length + 1); p < text.Length; p++)
            {
                if (_literal.AsSpan().StartsWith(text[p..]))
                {
                    return new SecretMatch(p, text.Length - p, true);
                }
            }
        }

        return SecretMatch.None;
    }

    /// <summary>Matches what remains of the open patterns (the innermost at <paramref name="top"/>) from <paramref name="pos"/>.</summary>
    private static Outcome Continue(ReadOnlySpan<T> text, int pos, Frames frames, int top, bool final, ref int end)
    {
        while (frames[top].Index == frames[top].Pattern.Length)
        {
            if (top == 0)
            {
                // Every parse is explored and the longest kept: a shorter one can end inside the escape of the last character.
                end = Math.Max(end, pos);
                return Outcome.Full;
            }

            top--;
        }

        var frame = frames[top];
        var element = frame.Pattern[frame.Index];
        switch (element.Kind)
        {
            case EscapeElementKind.Exact:
                frames[top] = frame with { Index = frame.Index + 1 };
                return Produce(text, pos, element.Unit, frames, top, final, ref end);

            case EscapeElementKind.AnyCase:
            {
                frames[top] = frame with { Index = frame.Index + 1 };
                var lower = Produce(text, pos, element.Unit, frames, top, final, ref end);
                int upper = element.Unit is >= 'a' and <= 'z' ? element.Unit - 32 : element.Unit;
                return upper == element.Unit ? lower : Best(lower, Produce(text, pos, upper, frames, top, final, ref end), final);
            }

            case EscapeElementKind.Zeros:
            {
                var more = Outcome.None;
                if (frame.Zeros < MaxLeadingZeros)
                {
                    frames[top] = frame with { Zeros = frame.Zeros + 1 };
                    more = Produce(text, pos, '0', frames, top, final, ref end);
                }

                frames[top] = frame with { Index = frame.Index + 1, Zeros = 0 };
                return Best(more, Continue(text, pos, frames, top, final, ref end), final);
            }

            default:
            {
                // With the semicolon and without; when the text ends here and more follows, Partial
                // wins (wait for it), or a ';' (escaped perhaps) would be left behind.
                frames[top] = frame with { Index = frame.Index + 1 };
                var with = Produce(text, pos, ';', frames, top, final, ref end);
                return Best(with, Continue(text, pos, frames, top, final, ref end), final);
            }
        }
    }

    /// <summary>Matches <paramref name="unit"/> at <paramref name="pos"/>, literally or (below <see cref="MaxLayers"/>) escaped, then the rest.</summary>
    private static Outcome Produce(ReadOnlySpan<T> text, int pos, int unit, Frames frames, int top, bool final, ref int end)
    {
        if (pos == text.Length)
        {
            return Outcome.Partial;
        }

        int at = UnitOf(text[pos]);
        var best = Outcome.None;
        if (at == unit)
        {
            best = Continue(text, pos + 1, frames, top, final, ref end);
        }

        if (top < MaxLayers && unit < EscapeForms.Count && EscapeForms.IsStart(at))
        {
            foreach (var pattern in EscapeForms.Of(unit))
            {
                if (top + 1 == MaxLayers)
                {
                    // The innermost escape is all literal: a flat compare, where most candidates fail at the first or second character.
                    if (at != pattern[0].Unit)
                    {
                        continue;
                    }

                    var literal = MatchLiteral(text, pos, pattern, final, out int after, out bool semicolon);
                    var rest = literal == Outcome.Full ? Continue(text, after, frames, top, final, ref end) : literal;
                    if (semicolon)
                    {
                        // The ';' may as well be the next character, as Continue would try.
                        rest = Best(rest, Continue(text, after - 1, frames, top, final, ref end), final);
                    }

                    best = Best(best, rest, final);
                    continue;
                }

                var inner = frames;
                inner[top + 1] = new Frame(pattern, 0, 0);
                best = Best(best, Continue(text, pos, inner, top + 1, final, ref end), final);
            }
        }

        return best;
    }

    /// <summary>Matches <paramref name="pattern"/> with every element literal (as <see cref="Continue"/> would at the innermost level).</summary>
    private static Outcome MatchLiteral(ReadOnlySpan<T> text, int pos, EscapeElement[] pattern, bool final, out int after, out bool semicolon)
    {
        after = pos;
        semicolon = false;
        foreach (var element in pattern)
        {
            switch (element.Kind)
            {
                case EscapeElementKind.Exact:
                case EscapeElementKind.AnyCase:
                {
                    if (after == text.Length)
                    {
                        return Outcome.Partial;
                    }

                    int at = UnitOf(text[after]);
                    bool upper = element.Kind == EscapeElementKind.AnyCase && element.Unit is >= 'a' and <= 'z' && at == element.Unit - 32;
                    if (at != element.Unit && !upper)
                    {
                        return Outcome.None;
                    }

                    after++;
                    break;
                }

                case EscapeElementKind.Zeros:
                    for (int zeros = 0; zeros < MaxLeadingZeros && after < text.Length && UnitOf(text[after]) == '0'; zeros++)
                    {
                        after++;
                    }

                    if (after == text.Length)
                    {
                        return Outcome.Partial;
                    }

                    break;

                default:
                    if (after == text.Length)
                    {
                        if (!final)
                        {
                            return Outcome.Partial;
                        }
                    }
                    else if (UnitOf(text[after]) == ';')
                    {
                        after++;
                        semicolon = true;
                    }

                    break;
            }
        }

        return Outcome.Full;
    }

    /// <summary>Two branches together: while more text may follow, one that may still grow (Partial) decides, so the longest parse is found.</summary>
    private static Outcome Best(Outcome a, Outcome b, bool final) =>
        !final && (a == Outcome.Partial || b == Outcome.Partial) ? Outcome.Partial : a > b ? a : b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int UnitOf(T value) => typeof(T) == typeof(char) ? Unsafe.As<T, char>(ref value) : Unsafe.As<T, byte>(ref value);

    private static T FromAscii(char c)
    {
        if (typeof(T) == typeof(char))
        {
            return Unsafe.As<char, T>(ref c);
        }

        byte b = (byte)c;
        return Unsafe.As<byte, T>(ref b);
    }

    /// <summary>A pattern being matched: the secret itself (level 0) or an escape inside it.</summary>
    private readonly record struct Frame(EscapeElement[] Pattern, int Index, int Zeros);

    /// <summary>The open patterns, one per level: copied by value, so a failed branch leaves its caller's intact.</summary>
    [InlineArray(MaxLayers + 1)]
    private struct Frames
    {
        private Frame _level0;
    }
}
