using System.Net;
using System.Text;
using System.Text.Encodings.Web;

namespace Harness.Clients.Redaction;

/// <summary>
/// The one home of redaction: the secrets this process was given (the API key, added when
/// <see cref="ApiKeySource"/> resolves it) and their removal from everything shown or written.
/// The CLI's console writers (<see cref="RedactingTextWriter"/>) and every text file the harness
/// writes (<see cref="RedactingStream"/>, under <c>AtomicFile</c>) pass through it, so a key that a
/// server echoes (in an error body, a mid-stream error, the answer text, a header) reaches no output.
/// </summary>
/// <remarks>
/// Besides the secret itself its escaped forms are removed (JSON, HTML/XML, URL), because a writer
/// may escape it on the way out. A <c>Bearer KEY</c> echo contains the key, so it goes with it.
/// </remarks>
public static class SecretRedactor
{
    /// <summary>What a redacted secret becomes.</summary>
    public const string Replacement = "[redacted]";

    private static readonly Lock s_lock = new();
    private static readonly AsyncLocal<bool> s_suspended = new();
    private static readonly byte[] s_replacementUtf8 = Encoding.UTF8.GetBytes(Replacement);
    private static Forms s_forms = new([], [], []);

    /// <summary>Whether anything is to be redacted here (a secret was added, redaction not suspended).</summary>
    public static bool Active => !s_suspended.Value && Volatile.Read(ref s_forms).Text.Length > 0;

    /// <summary>The replacement, as UTF-8.</summary>
    internal static ReadOnlySpan<byte> ReplacementUtf8 => s_replacementUtf8;

    /// <summary>The forms to remove, longest first (empty when redaction is suspended in this flow).</summary>
    internal static string[] TextForms => s_suspended.Value ? [] : Volatile.Read(ref s_forms).Text;

    /// <summary>The same as character arrays.</summary>
    internal static char[][] CharForms => s_suspended.Value ? [] : Volatile.Read(ref s_forms).Chars;

    /// <summary>The same as UTF-8.</summary>
    internal static byte[][] Utf8Forms => s_suspended.Value ? [] : Volatile.Read(ref s_forms).Utf8;

    /// <summary>Adds <paramref name="secret"/>: from now on it is removed from every output of this process.</summary>
    public static void Add(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return;
        }

        lock (s_lock)
        {
            var forms = new HashSet<string>(s_forms.Text, StringComparer.Ordinal)
            {
                secret,
                JavaScriptEncoder.Default.Encode(secret),
                JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(secret),
                HtmlEncoder.Default.Encode(secret),
                WebUtility.HtmlEncode(secret),
                Uri.EscapeDataString(secret),
            };
            // Longest first: where one form contains another, the longer is replaced whole.
            string[] text = [.. forms.OrderByDescending(f => f.Length).ThenBy(f => f, StringComparer.Ordinal)];
            Volatile.Write(ref s_forms, new Forms(text, [.. text.Select(f => f.ToCharArray())], [.. text.Select(Encoding.UTF8.GetBytes)]));
        }
    }

    /// <summary><paramref name="text"/> with every added secret replaced.</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (string form in TextForms)
        {
            text = text.Replace(form, Replacement, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>UTF-8 <paramref name="bytes"/> with every added secret replaced (the same array when there is none to replace).</summary>
    public static byte[] Redact(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var secrets = Utf8Forms;
        if (secrets.Length == 0 || !secrets.Any(s => bytes.AsSpan().IndexOf(s) >= 0))
        {
            return bytes;
        }

        var output = new List<byte>(bytes.Length);
        var redaction = new StreamingRedaction<byte>();
        StreamingRedaction<byte>.Sink sink = piece => output.AddRange(piece);
        redaction.Write(bytes, secrets, ReplacementUtf8, sink);
        redaction.Complete(sink);
        return [.. output];
    }

    /// <summary><paramref name="text"/> with <paramref name="secret"/> and every added secret replaced.</summary>
    public static string? Redact(string? text, string? secret)
    {
        if (text is null || s_suspended.Value)
        {
            return text;
        }

        if (!string.IsNullOrEmpty(secret))
        {
            text = text.Replace(secret, Replacement, StringComparison.Ordinal);
        }

        return Redact(text);
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

    private sealed record Forms(string[] Text, char[][] Chars, byte[][] Utf8);

    private sealed class Resume : IDisposable
    {
        public void Dispose() => s_suspended.Value = false;
    }
}
