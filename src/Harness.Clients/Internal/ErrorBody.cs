using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Harness.Clients.Redaction;

namespace Harness.Clients.Internal;

/// <summary>
/// The body of an answer that is not the stream asked for (an error status, another content type):
/// read up to 64 KiB, recorded when recording, and shown as its error message or first line.
/// </summary>
internal static class ErrorBody
{
    private const int MaxErrorBodyBytes = 64 * 1024;

    /// <summary>Reads the body and returns the text to show; the reason phrase when it cannot be read.</summary>
    public static async Task<string> ReadAsync(HttpResponseMessage response, StreamRecorder? recorder, CancellationToken ct)
    {
        byte[] bytes;
        try
        {
            using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            var buffer = new byte[MaxErrorBodyBytes];
            var total = 0;
            int n;
            while (total < buffer.Length && (n = await body.ReadAsync(buffer.AsMemory(total), ct).ConfigureAwait(false)) > 0)
            {
                total += n;
            }

            bytes = buffer.AsSpan(0, total).ToArray();
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
        {
            return response.ReasonPhrase ?? "error";
        }

        recorder?.Add(Stopwatch.GetTimestamp(), bytes);
        return Text(bytes) ?? response.ReasonPhrase ?? "error";
    }

    /// <summary>The message of an OpenAI-style error body (<c>{"error":{"message":…}}</c> or <c>{"message":…}</c>), else its first line.</summary>
    public static string? Text(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var holder = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e : root;
                if (holder.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
                {
                    var code = holder.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? $" ({c.GetString()})" : string.Empty;
                    return PrintableText.OneLine(m.GetString() + code);
                }
            }
        }
        catch (JsonException)
        {
        }

        var text = PrintableText.OneLine(Encoding.UTF8.GetString(body));
        return text.Length == 0 ? null : SecretRedactor.RedactThenClip(text, 200, "…");
    }
}
