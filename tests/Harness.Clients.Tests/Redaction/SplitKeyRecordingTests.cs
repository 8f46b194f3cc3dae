using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Harness.Clients.Redaction;
using Harness.Fakes;
using Harness.TestSupport;

namespace Harness.Clients.Tests.Redaction;

/// <summary>
/// A <c>stream --record</c> recording holds no key that joining the answer's deltas gives back:
/// where a server splits the key across content (or reasoning) deltas of several SSE events or
/// WebSocket messages, the recorded deltas are rewritten (the one with the key's start says
/// <c>[redacted]</c>, the others lose their part), each chunk keeping its arrival time; the
/// rewritten recording replays as a valid stream; a recording without the key is written as before.
/// </summary>
public sealed class SplitKeyRecordingTests
{
    private const string Key = "sk-split-SECRET-4d3c2b1a";
    private const string Tail = "SECRET-4d3c2b1a";
    private static readonly long s_tick = Stopwatch.Frequency / 1000;

    static SplitKeyRecordingTests() => SecretRedactor.Add(Key);

    [Fact]
    public void Sse_KeySplitOverTwoContentDeltas_IsRedacted()
    {
        string file = Write("text/event-stream", SseAnswer("your key is sk-split-SE", "CRET-4d3c2b1a, keep it"));
        AssertNoKey(file, eventStream: true);
        Assert.Equal("your key is [redacted], keep it", Field(file, true, "/choices/0/delta/content"));
    }

    [Fact]
    public void Sse_KeySplitOverThreeContentDeltas_IsRedacted()
    {
        string file = Write("text/event-stream", SseAnswer("a sk-spl", "it-SECRET", "-4d3c2b1a b"));
        AssertNoKey(file, eventStream: true);
        Assert.Equal("a [redacted] b", Field(file, true, "/choices/0/delta/content"));
    }

    [Fact]
    public void Sse_KeySplitOverReasoningDeltas_IsRedacted()
    {
        string[] events =
        [
            Chunk("{\"role\":\"assistant\",\"reasoning_content\":\"the key: sk-split\"}"),
            Chunk("{\"reasoning_content\":\"-SECRET-4d\"}"),
            Chunk("{\"reasoning_content\":\"3c2b1a.\"}"),
            Chunk("{\"content\":\"done\"}"),
            "[DONE]",
        ];
        string file = Write("text/event-stream", [.. events.Select(e => $"data: {e}\n\n")]);
        AssertNoKey(file, eventStream: true);
        Assert.Equal("the key: [redacted].", Field(file, true, "/choices/0/delta/reasoning_content"));
        Assert.Equal("done", Field(file, true, "/choices/0/delta/content"));
    }

    [Fact]
    public void Sse_KeySplitJsonEscaped_IsRedacted()
    {
        // The start written as \u0073: the decoded deltas still join into the key.
        string file = Write("text/event-stream", [$"data: {Chunk("{\"content\":\"\\u0073k-split-\"}")}\n\n", $"data: {Chunk("{\"content\":\"SECRET-4d3c2b1a\"}")}\n\n", "data: [DONE]\n\n"]);
        AssertNoKey(file, eventStream: true);
        Assert.Equal("[redacted]", Field(file, true, "/choices/0/delta/content"));
    }

    [Fact]
    public void ResponsesApi_KeySplitOverTextDeltas_IsRedacted()
    {
        // Typed events (event: line, then data), CRLF line ends.
        string[] deltas = ["key sk-split-", "SECRET-4d3c", "2b1a"];
        string[] events = [.. deltas.Select(d => $"event: response.output_text.delta\r\ndata: {{\"type\":\"response.output_text.delta\",\"delta\":{JsonSerializer.Serialize(d)}}}\r\n\r\n"), "event: response.completed\r\ndata: {\"type\":\"response.completed\"}\r\n\r\n"];
        string file = Write("text/event-stream", events);
        AssertNoKey(file, eventStream: true);
        Assert.Equal("key [redacted]", Field(file, true, "/delta"));
    }

    [Fact]
    public void Sse_EventDataOverSeveralDataLines_IsRedacted()
    {
        // An event's data is its data: lines joined by newlines: here one JSON value over two lines.
        string file = Write("text/event-stream", [
            "data: {\"choices\":[{\"index\":0,\ndata: \"delta\":{\"content\":\"x sk-split-SE\"}}]}\n\n",
            "data: {\"choices\":[{\"index\":0,\"delta\":\ndata:\ndata: {\"content\":\"CRET-4d3c2b1a y\"}}]}\n\n",
            "data: [DONE]\n\n"]);
        AssertNoKey(file, eventStream: true);
        Assert.Equal("x [redacted] y", Field(file, true, "/choices/0/delta/content"));
    }

    [Fact]
    public void WebSocket_KeySplitOverMessages_IsRedacted()
    {
        // As the WebSocket client records: each message, then a newline.
        string[] messages =
        [
            "{\"type\":\"content.delta\",\"delta\":\"your key is sk-s\"}",
            "{\"type\":\"content.delta\",\"delta\":\"plit-SECRET-4\"}",
            "{\"type\":\"content.delta\",\"delta\":\"d3c2b1a!\"}",
            "{\"type\":\"chat.done\",\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":3,\"total_tokens\":4}}",
        ];
        string file = Write("application/x-ndjson", [.. messages.SelectMany(m => new[] { m, "\n" })]);
        AssertNoKey(file, eventStream: false);
        Assert.Equal("your key is [redacted]!", Field(file, false, "/delta"));
    }

    [Fact]
    public void KeySplitAtEveryPosition_IntoTwoAndThreeDeltas_IsRedacted_AndEveryChunkKeepsItsTime()
    {
        for (int i = 1; i < Key.Length; i++)
        {
            for (int j = i; j < Key.Length; j++)
            {
                string[] deltas = j == i ? ["before " + Key[..i], Key[i..] + " after"] : ["before " + Key[..i], Key[i..j], Key[j..] + " after"];
                string body = string.Concat(SseAnswer(deltas));

                // Chunks cut every 7 bytes: boundaries fall inside events, field names and the key itself.
                string[] chunks = [.. body.Chunk(7).Select(c => new string(c))];
                string file = Write("text/event-stream", chunks);
                string where = $"split at {i}, {j}";
                Assert.False(RecordingContents.Everything(file, eventStream: true).Contains(Tail, StringComparison.Ordinal), where);
                Assert.Equal("before [redacted] after", Field(file, true, "/choices/0/delta/content"));
                var recorded = RecordingContents.Chunks(file);
                Assert.Equal(chunks.Length, recorded.Count);
                Assert.Equal(Enumerable.Range(0, chunks.Length).Select(k => (double)k), recorded.Select(c => c.Ms));
            }
        }
    }

    [Fact]
    public void WithoutTheKey_TheRecordingIsWrittenAsBefore()
    {
        // A key is configured, and the deltas even hold starts of it: nothing to rewrite, each event's bytes as they came.
        string[] chunks = SseAnswer("héllo \\ \"world\" sk-spl", "it-SECRE", "T-4d3c2b1 is not it", "\\u0073k-");
        string file = Write("text/event-stream", chunks);
        Assert.Equal(Expected([.. chunks.Select(Encoding.UTF8.GetBytes)]), file);
    }

    [Fact]
    public void WithoutTheKey_ChunksCutAnywhere_TheRecordingIsWrittenAsBefore()
    {
        // Cut every 5 bytes, a chunk may end in what could start the key: as before, only the byte
        // redaction across chunks moves such a tail into the next chunk.
        string[] chunks = [.. string.Concat(SseAnswer("héllo sk-spl", "it-SECRE", "T-4d3c2b1 is not it")).Chunk(5).Select(c => new string(c))];
        string file = Write("text/event-stream", chunks);
        var before = new List<byte[]>();
        var redaction = new StreamingRedaction<byte>();
        var output = new List<byte>();
        for (int k = 0; k < chunks.Length; k++)
        {
            output.Clear();
            redaction.Write(Encoding.UTF8.GetBytes(chunks[k]), SecretRedactor.Utf8Matchers, SecretRedactor.ReplacementUtf8, piece => output.AddRange(piece));
            if (k == chunks.Length - 1)
            {
                redaction.Complete(SecretRedactor.Utf8Matchers, SecretRedactor.ReplacementUtf8, piece => output.AddRange(piece));
            }

            before.Add([.. output]);
        }

        Assert.NotEqual(Expected([.. chunks.Select(Encoding.UTF8.GetBytes)]), Expected(before)); // some tail was held: the case is met
        Assert.Equal(Expected(before), file);
    }

    [Fact]
    public async Task RewrittenRecording_ReplaysAsAValidStream()
    {
        string file = Write("text/event-stream", [.. string.Concat(SseAnswer("your key is sk-split-SE", "CRET-4d3c2b1a, keep it")).Chunk(9).Select(c => new string(c))]);
        string path = Path.Combine(Path.GetTempPath(), $"split-key-{Environment.ProcessId}-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(path, file);
        try
        {
            await using var server = await FakeServer.StartAsync(new FakeServerOptions { Replay = StreamRecording.Load(path) });
            await using var client = ChatStreamClientFactory.Create(Transport.Sse, new ChatClientOptions { Endpoint = server.HttpBaseUrl, Retry = RetryOptions.None });
            var answer = new AnswerText();
            var timeline = await client.StreamAsync(ChatRequest.FromPrompt("m", "hello"), 0, answer);
            Assert.Equal(RequestOutcome.Ok, timeline.Outcome);
            Assert.True(timeline.SawDone);
            Assert.Equal("your key is [redacted], keep it", answer.Text);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A chat-completions answer: a role chunk, one content chunk per delta, a stop chunk, [DONE]; one event per string.</summary>
    private static string[] SseAnswer(params string[] deltas) =>
    [
        $"data: {Chunk("{\"role\":\"assistant\",\"content\":\"\"}")}\n\n",
        .. deltas.Select(d => $"data: {Chunk($"{{\"content\":{JsonSerializer.Serialize(d)}}}")}\n\n"),
        $"data: {Chunk("{}", "\"stop\"")}\n\n",
        "data: [DONE]\n\n",
    ];

    private static string Chunk(string delta, string finishReason = "null") =>
        $"{{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"m\",\"choices\":[{{\"index\":0,\"delta\":{delta},\"finish_reason\":{finishReason}}}]}}";

    /// <summary>The recording of <paramref name="chunks"/>, chunk k arriving k ms after the start.</summary>
    private static string Write(string contentType, string[] chunks)
    {
        var recorder = new StreamRecorder();
        long origin = Stopwatch.GetTimestamp();
        recorder.Start(origin);
        recorder.ContentType = contentType;
        for (int k = 0; k < chunks.Length; k++)
        {
            recorder.Add(origin + (k * s_tick), Encoding.UTF8.GetBytes(chunks[k]));
        }

        var written = new StringWriter();
        recorder.WriteTo(written, secret: null);
        return written.ToString();
    }

    /// <summary>A recording file of <paramref name="chunks"/> written verbatim, chunk k at k ms.</summary>
    private static string Expected(IReadOnlyList<byte[]> chunks)
    {
        var expected = new StringBuilder("{\"content_type\":\"text/event-stream\",\"status\":200}\n");
        for (int k = 0; k < chunks.Count; k++)
        {
            expected.Append(CultureInfo.InvariantCulture, $"{{\"t_ms\":{k},\"b64\":\"{Convert.ToBase64String(chunks[k])}\"}}\n");
        }

        return expected.ToString();
    }

    private static void AssertNoKey(string file, bool eventStream)
    {
        string everything = RecordingContents.Everything(file, eventStream);
        Assert.False(everything.Contains(Tail, StringComparison.Ordinal), everything);
        Assert.DoesNotContain("4d3c2b1a", everything, StringComparison.Ordinal);
    }

    private static string Field(string file, bool eventStream, string path) => RecordingContents.JoinedFields(RecordingContents.Body(file), eventStream)[path];

    private sealed class AnswerText : IStreamObserver
    {
        private readonly List<byte> _utf8 = [];

        public string Text => Encoding.UTF8.GetString([.. _utf8]);

        public void OnContent(ReadOnlySpan<byte> utf8) => _utf8.AddRange(utf8);
    }
}
