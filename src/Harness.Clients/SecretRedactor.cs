using System.Text;

namespace Harness.Clients;

/// <summary>Removes a secret (the API key) from text and bytes before they are shown or written.</summary>
public static class SecretRedactor
{
    /// <summary>What a redacted secret becomes.</summary>
    public const string Replacement = "[redacted]";

    /// <summary><paramref name="text"/> with every occurrence of <paramref name="secret"/> replaced.</summary>
    public static string? Redact(string? text, string? secret) =>
        text is null || string.IsNullOrEmpty(secret) || !text.Contains(secret, StringComparison.Ordinal)
            ? text
            : text.Replace(secret, Replacement, StringComparison.Ordinal);

    /// <summary><paramref name="bytes"/> with every UTF-8 occurrence of <paramref name="secret"/> replaced (a new array only when it occurs).</summary>
    public static byte[] Redact(byte[] bytes, string? secret)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (string.IsNullOrEmpty(secret))
        {
            return bytes;
        }

        var needle = Encoding.UTF8.GetBytes(secret);
        if (bytes.AsSpan().IndexOf(needle) < 0)
        {
            return bytes;
        }

        var replacement = Encoding.UTF8.GetBytes(Replacement);
        var output = new List<byte>(bytes.Length);
        var rest = bytes.AsSpan();
        int at;
        while ((at = rest.IndexOf(needle)) >= 0)
        {
            output.AddRange(rest[..at]);
            output.AddRange(replacement);
            rest = rest[(at + needle.Length)..];
        }

        output.AddRange(rest);
        return [.. output];
    }
}
