using System.Text;

namespace Harness.Clients.Redaction;

/// <summary>
/// The one home of redaction: the secrets this process was given (the API key, added when
/// <see cref="ApiKeySource"/> resolves it) and their removal from everything shown or written.
/// The CLI's console writers (<see cref="RedactingTextWriter"/>) and every text file the harness
/// writes (<see cref="RedactingStream"/>, under <c>AtomicFile</c>) pass through it, so a key that a
/// server echoes (in an error body, a mid-stream error, the answer text, a header) reaches no output.
/// </summary>
/// <remarks>
/// Besides the secret itself its escaped forms are removed (JSON, HTML/XML, URL, in any mix and
/// nested: <see cref="EscapedSecretMatcher{T}"/>), because a server or a writer may escape it on
/// the way out. A <c>Bearer KEY</c> echo contains the key, so it goes with it.
/// </remarks>
public static class SecretRedactor
{
    /// <summary>What a redacted secret becomes.</summary>
    public const string Replacement = "[redacted]";

    private static readonly Lock s_lock = new();
    private static readonly AsyncLocal<bool> s_suspended = new();
    private static readonly byte[] s_replacementUtf8 = Encoding.UTF8.GetBytes(Replacement);
    private static Forms s_forms = new([], [], []);
    private static readonly Forms s_none = new([], [], []);

    /// <summary>Whether anything is to be redacted here (a secret was added, redaction not suspended).</summary>
    public static bool Active => !s_suspended.Value && Volatile.Read(ref s_forms).Text.Length > 0;

    /// <summary>The replacement, as UTF-8.</summary>
    internal static ReadOnlySpan<byte> ReplacementUtf8 => s_replacementUtf8;

    /// <summary>Matchers of the secrets in text, longest first (none when redaction is suspended in this flow).</summary>
    internal static EscapedSecretMatcher<char>[] CharMatchers => Current.Chars;

    /// <summary>The same in UTF-8.</summary>
    internal static EscapedSecretMatcher<byte>[] Utf8Matchers => Current.Utf8;

    private static Forms Current => s_suspended.Value ? s_none : Volatile.Read(ref s_forms);

    /// <summary>Adds <paramref name="secret"/>: from now on it is removed from every output of this process.</summary>
    public static void Add(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return;
        }

        lock (s_lock)
        {
            var secrets = new HashSet<string>(s_forms.Text, StringComparer.Ordinal) { secret };
            // Longest first: where one secret contains another, the longer is replaced whole.
            string[] text = [.. secrets.OrderByDescending(f => f.Length).ThenBy(f => f, StringComparer.Ordinal)];
            Volatile.Write(ref s_forms, new Forms(text, [.. text.Select(CharMatcher)], [.. text.Select(Utf8Matcher)]));
        }
    }

    /// <summary><paramref name="text"/> with every added secret replaced (the same string when there is none to replace).</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Redact(text, CharMatchers);
    }

    /// <summary>UTF-8 <paramref name="bytes"/> with every added secret replaced (the same array when there is none to replace).</summary>
    public static byte[] Redact(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var secrets = Utf8Matchers;
        if (!secrets.Any(s => s.Find(bytes, final: true).Found))
        {
            return bytes;
        }

        var output = new List<byte>(bytes.Length);
        var redaction = new StreamingRedaction<byte>();
        StreamingRedaction<byte>.Sink sink = piece => output.AddRange(piece);
        redaction.Write(bytes, secrets, ReplacementUtf8, sink);
        redaction.Complete(secrets, ReplacementUtf8, sink);
        return [.. output];
    }

    /// <summary><paramref name="text"/> with <paramref name="secret"/> and every added secret replaced.</summary>
    public static string? Redact(string? text, string? secret)
    {
        if (text is null || s_suspended.Value)
        {
            return text;
        }

        var secrets = CharMatchers;
        if (!string.IsNullOrEmpty(secret) && !Volatile.Read(ref s_forms).Text.Contains(secret, StringComparer.Ordinal))
        {
            secrets = [CharMatcher(secret), .. secrets];
        }

        return Redact(text, secrets);
    }

    /// <summary>
    /// <paramref name="text"/> redacted, then, when longer than <paramref name="maxChars"/>, cut to
    /// its first <paramref name="maxChars"/> characters and <paramref name="marker"/>. In that order:
    /// a cut through a key (or its escaped form) leaves a start no longer recognisable as one.
    /// </summary>
    public static string RedactThenClip(string text, int maxChars, string marker = "")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(marker);
        ArgumentOutOfRangeException.ThrowIfNegative(maxChars);
        string redacted = Redact(text);
        return redacted.Length <= maxChars ? redacted : string.Concat(redacted.AsSpan(0, maxChars), marker);
    }

    /// <summary>
    /// Turns redaction off in the calling flow (and what it starts) until disposed: only for the
    /// test that proves its check finds an unredacted key.
    /// </summary>
    internal static IDisposable SuspendInThisFlow()
    {
        s_suspended.Value = true;
        return new Resume();
    }

    private static string Redact(string text, EscapedSecretMatcher<char>[] secrets)
    {
        if (!secrets.Any(s => s.Find(text, final: true).Found))
        {
            return text;
        }

        var output = new StringBuilder(text.Length);
        var redaction = new StreamingRedaction<char>();
        StreamingRedaction<char>.Sink sink = piece => output.Append(piece);
        redaction.Write(text, secrets, Replacement, sink);
        redaction.Complete(secrets, Replacement, sink);
        return output.ToString();
    }

    private static EscapedSecretMatcher<char> CharMatcher(string secret) => new(secret.ToCharArray());

    private static EscapedSecretMatcher<byte> Utf8Matcher(string secret) => new(Encoding.UTF8.GetBytes(secret));

    private sealed record Forms(string[] Text, EscapedSecretMatcher<char>[] Chars, EscapedSecretMatcher<byte>[] Utf8);

    private sealed class Resume : IDisposable
    {
        public void Dispose() => s_suspended.Value = false;
    }
}
