using System.Text;
using Harness.Fakes;

namespace Harness.Cli.Tests.Commands;

/// <summary>
/// <c>OPENAI_API_KEY=KEY harness stream --record FILE</c> against a server that sends the key split
/// over two content deltas: the printed answer and the recording both hold <c>[redacted]</c>, even
/// with the recording's chunks decoded and its deltas joined, and <c>fake replay</c> of the
/// recording serves a stream that <c>stream</c> reads to its end.
/// </summary>
public sealed class StreamRecordSplitKeyTests : IDisposable
{
    private const string Key = "sk-test-SECRET123-77e6d5c4";
    private const string Tail = "SECRET123-77e6d5c4";
    private readonly string _dir = Directory.CreateTempSubdirectory("harness-splitkey-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task KeySplitOverTwoDeltas_ReachesNeitherOutputNorRecording_AndTheRecordingReplays()
    {
        var events = new[]
        {
            "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"key: \"}}]}",
            "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"sk-te\"}}]}",
            "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"st-SECRET123-77e6d5c4 ok\"}}]}",
            "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
            "[DONE]",
        };
        var served = new StreamRecording([.. events.Select((e, i) => new RecordedChunk(TimeSpan.FromMilliseconds(i), Encoding.UTF8.GetBytes($"data: {e}\n\n")))]);
        string recording = Path.Combine(_dir, "rec.jsonl");
        await using (var server = await FakeServer.StartAsync(new FakeServerOptions { Replay = served }))
        {
            var environment = new Dictionary<string, string?> { ["OPENAI_API_KEY"] = Key };
            var (exit, output, error) = await CliRunner.RunProcessAsync(environment, [], "stream", "--url", new Uri(server.HttpBaseUrl, "/v1/chat/completions").ToString(), "--model", "m", "--no-warmup", "--record", recording);
            Assert.Equal(0, exit);
            Assert.StartsWith("key: [redacted] ok", output, StringComparison.Ordinal);
            Assert.DoesNotContain(Tail, output + error, StringComparison.Ordinal);
        }

        string file = await File.ReadAllTextAsync(recording);
        string everything = RecordingContents.Everything(file, eventStream: true);
        Assert.False(everything.Contains(Tail, StringComparison.Ordinal), everything);
        Assert.DoesNotContain("st-SECRET", everything, StringComparison.Ordinal);
        Assert.Equal("key: [redacted] ok", RecordingContents.JoinedFields(RecordingContents.Body(file), eventStream: true)["/choices/0/delta/content"]);

        await using (var replay = await FakeServer.StartAsync(new FakeServerOptions { Replay = StreamRecording.Load(recording) }))
        {
            var (exit, output, error) = await CliRunner.RunAsync("stream", "--url", replay.HttpBaseUrl.ToString(), "--model", "m", "--no-warmup", "--retries", "0");
            Assert.True(exit == 0, error);
            Assert.StartsWith("key: [redacted] ok", output, StringComparison.Ordinal);
            Assert.Contains("(done)", error, StringComparison.Ordinal);
        }
    }
}
