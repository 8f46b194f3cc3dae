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
                if (root.TryGetProperty("b64", out var b64))
                {
                    var t = root.TryGetProperty("t_ms", out var tms) ? tms.GetDouble() : 0;
                    chunks.Add(new RecordedChunk(TimeSpan.FromMilliseconds(t), Convert.FromBase64String(b64.GetString() ?? string.Empty)));
                }
                else
                {
                    contentType = root.TryGetProperty("content_type", out var ct) ? ct.GetString() ?? contentType : contentType;
                    status = root.TryGetProperty("status", out var st) ? st.GetInt32() : status;
                }
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
            {
                throw new FormatException($"{path}:{lineNumber}: not a recording line ({(ex is JsonException json ? JsonProblem.Describe(json) : ex.Message)})", ex);
            }
        }

        return new StreamRecording(chunks, contentType, status);
    }
}
