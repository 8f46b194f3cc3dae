using System.Diagnostics;
using System.Globalization;
using System.Text;
using Harness.Clients.Redaction;

namespace Harness.Clients;

/// <summary>
/// Records what arrived for one request (raw SSE body reads, or WebSocket messages each followed by
/// a newline) with arrival times, and writes the fake's timed JSON-lines recording format
/// (<c>{"content_type":…,"status":…}</c> then <c>{"t_ms":…,"b64":…}</c> per chunk) that
/// <c>fake replay</c> serves back. The API key is redacted from the chunks when written, also where
/// a server split it across two reads or across the deltas of several events or messages (a chunk
/// is base64 in the file, so no later pass could see it).
/// </summary>
/// <remarks>
/// Records one request at a time; a retry starts the recording again. Chunks are kept as they
/// arrived and redacted only when written, after the request: recording costs a copy per read,
/// whether or not a key is set.
/// </remarks>
public sealed class StreamRecorder
{
    private readonly List<(long Timestamp, byte[] Bytes)> _chunks = [];
    private long _origin;

    /// <summary>The response content type recorded.</summary>
    public string ContentType { get; set; } = "text/event-stream";

    /// <summary>The response status recorded.</summary>
    public int Status { get; set; } = 200;

    /// <summary>Chunks recorded.</summary>
    public int Count => _chunks.Count;

    /// <summary>Starts (or restarts) a recording whose offsets count from <paramref name="originTimestamp"/>.</summary>
    public void Start(long originTimestamp)
    {
        _chunks.Clear();
        _origin = originTimestamp;
        ContentType = "text/event-stream";
        Status = 200;
    }

    /// <summary>Adds bytes that arrived at <paramref name="timestamp"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void Add(long timestamp, ReadOnlySpan<byte> bytes) => _chunks.Add((timestamp, bytes.ToArray()));

    /// <summary>Writes the recording, with <paramref name="secret"/> (added to <see cref="SecretRedactor"/>) and every other secret redacted.</summary>
    public void WriteTo(TextWriter writer, string? secret)
    {
        ArgumentNullException.ThrowIfNull(writer);
        SecretRedactor.Add(secret);
        writer.Write("{\"content_type\":\"");
        writer.Write(ContentType.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal));
        writer.Write("\",\"status\":");
        writer.Write(Status.ToString(CultureInfo.InvariantCulture));
        writer.Write("}\n");

        // First a secret split across the values of one JSON field (the answer's deltas), which no
        // chunk's bytes hold; then one redaction across the chunk sequence: a secret's start held
        // back from one chunk goes out with the next (a few bytes later than they arrived; never earlier).
        var chunks = RecordedFieldRedaction.Apply(_chunks.ConvertAll(c => c.Bytes), SecretRedactor.CharMatchers);
        var redaction = new StreamingRedaction<byte>();
        var secrets = SecretRedactor.Utf8Matchers;
        var output = new List<byte>();
        StreamingRedaction<byte>.Sink sink = bytes => output.AddRange(bytes);
        for (int i = 0; i < _chunks.Count; i++)
        {
            var timestamp = _chunks[i].Timestamp;
            output.Clear();
            redaction.Write(chunks[i], secrets, SecretRedactor.ReplacementUtf8, sink);
            if (i == _chunks.Count - 1)
            {
                redaction.Complete(secrets, SecretRedactor.ReplacementUtf8, sink);
            }

            var ms = Stopwatch.GetElapsedTime(_origin, timestamp).TotalMilliseconds;
            writer.Write("{\"t_ms\":");
            writer.Write(Math.Max(0, ms).ToString("0.###", CultureInfo.InvariantCulture));
            writer.Write(",\"b64\":\"");
            writer.Write(Convert.ToBase64String(output.ToArray()));
            writer.Write("\"}\n");
        }
    }

    /// <summary>Writes the recording to <paramref name="path"/>.</summary>
    public void Save(string path, string? secret)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        WriteTo(writer, secret);
    }
}
