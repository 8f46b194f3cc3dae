using System.Text.Json;
using Harness.Cli;
using Harness.Clients;
using Harness.Fakes;

namespace Harness.Cli.Tests.Commands;

/// <summary><c>harness stream</c> run in-process against the fake, as a person would run it.</summary>
public sealed class StreamVerbTests(FakeServerFixture fake) : IClassFixture<FakeServerFixture>
{
    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string[] Target(Transport transport) => transport switch
    {
        Transport.Sse => ["stream", "--url", fake.Server.HttpBaseUrl.ToString()],
        Transport.SseHttp2 => ["stream", "--url", fake.Server.Http2BaseUrl + "v1", "--http2"],
        _ => ["stream", "--ws-url", fake.Server.WebSocketUrl.ToString()],
    };

    [Theory]
    [MemberData(nameof(FaultOutcomeCases.All), MemberType = typeof(FaultOutcomeCases))]
    public async Task Stream_names_each_fault_and_exits_accordingly(string transportName, string? fault, string expected)
    {
        Assert.True(TransportNames.TryParse(transportName, out var transport));
        string[] args = [.. Target(transport), "--model", "fake/ttft=5,itl=2,tokens=10", "--json", "--retries", "0"];
        if (fault is not null)
        {
            // The warm-up is what a person runs, and each transport's fault-free case keeps it; a
            // fault's outcome does not depend on it (and it costs a second per case).
            args = [.. args, "--fault", fault, "--no-warmup"];
        }

        var (exit, stdout, stderr) = await RunAsync(args);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(expected, json.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(expected == "ok" ? 0 : 1, exit);
        // The process's own pauses while the request ran are stated, none or some.
        var pauses = json.RootElement.GetProperty("harness_pauses");
        Assert.True(pauses.GetProperty("count").GetInt64() >= 0 && pauses.GetProperty("max_ms").GetDouble() >= 0);
        // How many were the machine's: a count, or null where the real-time probe could not run.
        var machine = pauses.GetProperty("machine_count");
        Assert.True(machine.ValueKind == JsonValueKind.Null || (machine.ValueKind == JsonValueKind.Number && machine.GetInt64() <= pauses.GetProperty("count").GetInt64()), machine.ToString());
        if (expected != "ok")
        {
            // One clear line naming the outcome.
            Assert.Contains($"harness: {expected}: ", stderr);
        }
    }

    [Fact]
    public async Task Human_output_streams_the_answer_on_stdout_and_the_timeline_on_stderr()
    {
        var (exit, stdout, stderr) = await RunAsync([.. Target(Transport.Sse), "--model", "fake/ttft=5,itl=2,tokens=10"]);
        Assert.Equal(0, exit);
        Assert.False(string.IsNullOrWhiteSpace(stdout));
        Assert.DoesNotContain("timeline", stdout);
        Assert.Contains("first token (TTFT)", stderr);
        Assert.Contains("outcome                ok", stderr);
        // The warm-up's seconds are announced first, with the way to skip them.
        Assert.StartsWith("stream: warming up the client first (", stderr);
        Assert.Contains("--no-warmup skips it", stderr);
    }

    [Fact]
    public async Task A_buffered_answer_is_ok_but_warned_of_and_marked_not_incremental_in_json()
    {
        // 20 tokens 10 ms apart after 20 ms: about 0.2 s, long enough to judge, all sent at the end.
        string[] args = [.. Target(Transport.Sse), "--model", "fake/ttft=20,itl=10,tokens=20", "--retries", "0"];
        var (exit, _, stderr) = await RunAsync([.. args, "--fault", "buffer-all"]);
        Assert.Equal(0, exit);
        Assert.Contains("harness: warning: not streamed incrementally (20 content events; ", stderr);
        Assert.Contains("TTFT ≈ end-to-end", stderr);

        var (_, stdout, _) = await RunAsync([.. args, "--fault", "buffer-all", "--json"]);
        using var json = JsonDocument.Parse(stdout);
        Assert.False(json.RootElement.GetProperty("incremental").GetBoolean());
        Assert.Contains("< half of", json.RootElement.GetProperty("incremental_evidence").GetString());

        // The same answer streamed: no warning, and incremental.
        var (_, streamed, streamedErr) = await RunAsync([.. args, "--json"]);
        Assert.DoesNotContain("not streamed incrementally", streamedErr);
        using var streamedJson = JsonDocument.Parse(streamed);
        Assert.True(streamedJson.RootElement.GetProperty("incremental").GetBoolean());
    }

    [Fact]
    public async Task A_stream_too_short_to_judge_is_not_warned_of()
    {
        var (_, stdout, stderr) = await RunAsync([.. Target(Transport.Sse), "--model", "fake/ttft=5,itl=2,tokens=10", "--fault", "buffer-all", "--json", "--no-warmup"]);
        Assert.DoesNotContain("not streamed incrementally", stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("incremental").ValueKind);
    }

    [Fact]
    public async Task Partial_answer_is_kept_and_marked_incomplete()
    {
        var (exit, stdout, stderr) = await RunAsync([.. Target(Transport.Sse), "--model", "fake/ttft=5,itl=2,tokens=10", "--fault", "drop-rst@4", "--no-warmup"]);
        Assert.Equal(1, exit);
        Assert.False(string.IsNullOrWhiteSpace(stdout));
        Assert.Contains("harness: truncated: ", stderr);
        Assert.Contains("answer incomplete: 4 deltas kept", stderr);
        Assert.DoesNotContain("warming up", stderr);
    }

    [Fact]
    public async Task Malformed_payload_in_a_stream_that_reached_its_end_is_not_called_incomplete()
    {
        var (exit, _, stderr) = await RunAsync([.. Target(Transport.Sse), "--model", "fake/ttft=5,itl=2,tokens=10", "--fault", "malformed@4", "--no-warmup"]);
        Assert.Equal(1, exit);
        Assert.Contains("harness: malformed", stderr);
        Assert.Contains("[10 content deltas received, to the end of the stream]", stderr);
        Assert.DoesNotContain("answer incomplete", stderr);
    }

    [Fact]
    public async Task A_request_that_failed_before_any_text_says_the_tokenizer_had_nothing_to_count()
    {
        var (exit, _, stderr) = await RunAsync([.. Target(Transport.Sse), "--model", "fake/ttft=5,itl=2,tokens=10", "--fault", "status=500", "--no-warmup"]);
        Assert.Equal(1, exit);
        Assert.Contains("not counted by o200k_base (no text arrived)", stderr);
        Assert.DoesNotContain("--tokenizer none", stderr);
    }

    [Theory]
    [InlineData("--url", "ftp://x")]
    [InlineData("--ws-url", "http://127.0.0.1:1")]
    public async Task Bad_url_is_a_usage_error(string flag, string value)
    {
        var (exit, _, stderr) = await RunAsync("stream", flag, value);
        Assert.Equal(2, exit);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Both_or_neither_url_is_a_usage_error()
    {
        Assert.Equal(2, (await RunAsync("stream")).Exit);
        Assert.Equal(2, (await RunAsync("stream", "--url", "http://127.0.0.1:1", "--ws-url", "ws://127.0.0.1:1")).Exit);
    }

    [Fact]
    public async Task Recording_replays_through_the_fake()
    {
        var path = Path.GetTempFileName();
        try
        {
            var (exit, _, _) = await RunAsync([.. Target(Transport.Sse), "--model", "fake/ttft=20,itl=5,tokens=8", "--record", path, "--json"]);
            Assert.Equal(0, exit);
            var recording = StreamRecording.Load(path);
            Assert.True(recording.IsTimed);
            Assert.Equal(200, recording.Status);

            await using var replay = await FakeServer.StartAsync(new FakeServerOptions { Replay = recording });
            var (replayExit, stdout, _) = await RunAsync("stream", "--url", replay.HttpBaseUrl.ToString(), "--model", "fake", "--json");
            Assert.Equal(0, replayExit);
            using var json = JsonDocument.Parse(stdout);
            Assert.Equal(8, json.RootElement.GetProperty("content_deltas").GetInt32());
            Assert.True(json.RootElement.GetProperty("ttft_ms").GetDouble() >= 15);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task AnUntrustedCertificate_IsNamed_AndPointsAtInsecure_WhichAcceptsIt()
    {
        await using var tls = await FakeServer.StartAsync(new FakeServerOptions { Tls = true });
        string[] args = ["stream", "--url", tls.HttpsBaseUrl!.ToString(), "--model", "fake/ttft=1,itl=1,tokens=3", "--no-warmup", "--retries", "0"];
        var (exit, _, error) = await RunAsync(args);
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains(
            "harness: connect_error: the server's TLS certificate is not trusted (self-signed, or issued by an authority this machine does not trust); --insecure accepts any certificate",
            error,
            StringComparison.Ordinal);
        Assert.DoesNotContain("over the server's limit", error, StringComparison.Ordinal);
        Assert.DoesNotContain("UntrustedRoot", error, StringComparison.Ordinal);

        var (insecureExit, _, insecureError) = await RunAsync([.. args, "--insecure"]);
        Assert.True(insecureExit == 0, insecureError);
    }
}
