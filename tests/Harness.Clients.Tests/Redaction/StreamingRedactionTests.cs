using System.Text;
using Harness.Clients.Redaction;

namespace Harness.Clients.Tests.Redaction;

/// <summary>
/// Redaction of text that arrives in pieces: the key is found wherever the input is split, in
/// every piece size, for text (<see cref="RedactingTextWriter"/>) and bytes (<see cref="RedactingStream"/>);
/// what cannot be a key passes at once; a tail that only looked like one comes out at the end.
/// </summary>
public sealed class StreamingRedactionTests
{
    private const string Key = "sk-stream-test-77aa88bb99cc";
    private const string Text = "head sk-stream-test-77aa88bb99cc mid sk-stream-sk-stream-test-77aa88bb99cc tail sk-str";
    private const string Expected = "head [redacted] mid sk-stream-[redacted] tail sk-str";

    static StreamingRedactionTests() => SecretRedactor.Add(Key);

    public static TheoryData<int> PieceSizes { get; } = [1, 2, 3, 5, 7, 13, 27, 1000];

    [Theory]
    [MemberData(nameof(PieceSizes))]
    public void TextWriter_FindsTheKeyWhateverTheSplit(int piece)
    {
        var inner = new StringWriter();
        using (var writer = new RedactingTextWriter(inner))
        {
            for (int i = 0; i < Text.Length; i += piece)
            {
                writer.Write(Text.AsSpan(i, Math.Min(piece, Text.Length - i)));
                writer.Flush(); // as the answer printer does after every delta: no key may leak by it
                Assert.DoesNotContain("77aa88bb99cc", inner.ToString(), StringComparison.Ordinal);
            }
        }

        Assert.Equal(Expected, inner.ToString());
    }

    [Theory]
    [MemberData(nameof(PieceSizes))]
    public void Stream_FindsTheKeyWhateverTheSplit(int piece)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(Text);
        using var inner = new MemoryStream();
        using (var stream = new RedactingStream(inner))
        {
            for (int i = 0; i < bytes.Length; i += piece)
            {
                stream.Write(bytes, i, Math.Min(piece, bytes.Length - i));
            }
        }

        Assert.Equal(Expected, Encoding.UTF8.GetString(inner.ToArray()));
    }

    [Fact]
    public void TextWriter_PassesWhatCannotBeAKeyAtOnce()
    {
        var inner = new StringWriter();
        using var writer = new RedactingTextWriter(inner);
        writer.Write("progress 10 req/s ");
        Assert.Equal("progress 10 req/s ", inner.ToString());
        writer.Write("sk-str");
        Assert.Equal("progress 10 req/s ", inner.ToString());
        writer.WriteLine();
        Assert.Equal("progress 10 req/s sk-str" + Environment.NewLine, inner.ToString());
    }

    [Fact]
    public void Recording_RedactsAKeySplitAcrossChunks()
    {
        var recorder = new StreamRecorder();
        recorder.Start(System.Diagnostics.Stopwatch.GetTimestamp());
        recorder.Add(System.Diagnostics.Stopwatch.GetTimestamp(), Encoding.UTF8.GetBytes("data: your key sk-stream-te"));
        recorder.Add(System.Diagnostics.Stopwatch.GetTimestamp(), Encoding.UTF8.GetBytes("st-77aa88bb99cc\n\n"));
        var written = new StringWriter();
        recorder.WriteTo(written, secret: null);
        var body = new StringBuilder();
        foreach (string line in written.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            using var doc = System.Text.Json.JsonDocument.Parse(line);
            body.Append(Encoding.UTF8.GetString(Convert.FromBase64String(doc.RootElement.GetProperty("b64").GetString()!)));
        }

        Assert.Equal("data: your key [redacted]\n\n", body.ToString());
    }
}
