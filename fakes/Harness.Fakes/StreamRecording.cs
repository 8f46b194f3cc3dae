using System.Text;
using System.Text.Json;
using Harness.Core;

namespace Harness.Fakes;

/// <summary>
/// A recorded raw response body (for example a real vendor's SSE stream) that <c>fake replay</c>
/// sends back byte for byte, with the recorded timing when the recording has it.
/// </summary>
/// <remarks>
/// <para>File formats (<see cref="Load"/> tells them apart by the first non-blank line):</para>
/// <para>Timed, JSON lines: one object per line, <c>{"t_ms":12.5,"b64":"ZGF0YTogLi4uCgo="}</c>,
/// where <c>t_ms</c> is when the chunk arrived, in milliseconds from the start of the request
/// (non-decreasing), and <c>b64</c> the chunk's bytes in base64. An optional first line
/// <c>{"content_type":"text/event-stream","status":200}</c> (no <c>b64</c>) sets the response's
/// content type and status. Blank lines are ignored.</para>
/// <para>Raw: any other file is the body itself, sent as one chunk at once as
/// <c>text/event-stream</c>.</para>
/// </remarks>
public sealed class StreamRecording
{
    /// <summary>Creates a recording from chunks.</summary>
    public StreamRecording(IReadOnlyList<RecordedChunk> chunks, string contentType = "text/event-stream", int status = 200)
    {
        Chunks = chunks;
        ContentType = contentType;
        Status = status;
    }

    /// <summary>The chunks in order.</summary>
    public IReadOnlyList<RecordedChunk> Chunks { get; }

    /// <summary>Response content type.</summary>
    public string ContentType { get; }

    /// <summary>Response status.</summary>
    public int Status { get; }

    /// <summary>True when the recording came with arrival times.</summary>
    public bool IsTimed => Chunks.Count > 1 || (Chunks.Count == 1 && Chunks[0].Offset > TimeSpan.Zero);

    /// <summary>Every recorded byte, concatenated.</summary>
    public byte[] AllBytes() => Chunks.SelectMany(c => c.Bytes).ToArray();

    /// <summary>Reads a recording file in either format.</summary>
    /// <exception cref="FormatException">An empty file, or a JSON-lines file with a bad line.</exception>
    public static StreamRecording Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0)
        {
            // Nothing to serve: an empty file is a recording that was never written.
            throw new FormatException($"{path}: empty, not a recording");
        }

        var text = Encoding.UTF8.GetString(bytes);
        var firstLine = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? string.Empty;
        if (!firstLine.StartsWith('{') || (!firstLine.Contains("\"b64\"", StringComparison.Ordinal) && !firstLine.Contains("\"content_type\"", StringComparison.Ordinal)))
        {
            return new StreamRecording([new RecordedChunk(TimeSpan.Zero, bytes)]);
        }

        var chunks = new List<RecordedChunk>();
        var contentType = "text/event-stream";
        var status = 200;
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException("it is not a JSON object");
                }

                if (root.TryGetProperty("b64", out var b64))
                {
                    var t = root.TryGetProperty("t_ms", out var tms) ? Number(tms, "t_ms") : 0;
                    chunks.Add(new RecordedChunk(TimeSpan.FromMilliseconds(t), Base64(b64)));
                }
                else
                {
                    contentType = root.TryGetProperty("content_type", out var ct) ? (ct.ValueKind == JsonValueKind.String ? ct.GetString()! : throw new FormatException("`content_type` is not a string")) : contentType;
                    status = root.TryGetProperty("status", out var st) ? (st.ValueKind == JsonValueKind.Number && st.TryGetInt32(out int code) && code is >= 100 and <= 999 ? code : throw new FormatException("`status` is not an HTTP status (a whole number from 100 to 999)")) : status;
                }
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
            {
                // InvalidOperationException: a string the reader cannot turn into text (a lone surrogate escape).
                string why = ex switch
                {
                    JsonException json => JsonProblem.Describe(json),
                    InvalidOperationException => "a string in it is not valid text",
                    _ => ex.Message,
                };
                throw new FormatException($"{path}:{lineNumber}: not a recording line ({why})", ex);
            }
        }

        return new StreamRecording(chunks, contentType, status);
    }

    // A time in milliseconds: a number at or after the start of the request (a string or NaN would stop the replay later, or never).
    private static double Number(JsonElement value, string key) =>
        value.ValueKind == JsonValueKind.Number && value.GetDouble() is var ms && double.IsFinite(ms) && ms is >= 0 and <= 86_400_000
            ? ms
            : throw new FormatException(value.ValueKind == JsonValueKind.Number ? $"`{key}` is not from 0 to 86400000 ms (a day)" : $"`{key}` is not a number");

    private static byte[] Base64(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new FormatException("`b64` is not a string of base64");
        }

        try
        {
            return Convert.FromBase64String(value.GetString()!);
        }
        catch (FormatException)
        {
            throw new FormatException("`b64` is not base64");
        }
    }
}
