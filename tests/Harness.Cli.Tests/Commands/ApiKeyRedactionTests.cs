using System.Text;
using System.Text.Json;
using Harness.Cli;
using Harness.Clients.Redaction;
using Harness.Fakes;

namespace Harness.Cli.Tests.Commands;

/// <summary>
/// The API key reaches the server and nowhere else. Against a fake that requires it, and against a
/// hostile server (<see cref="KeyEchoingServer"/>) that echoes it in a header, the Content-Type, a
/// 401 body, an HTML page, the answer text, usage, a mid-stream error and a WebSocket close: every
/// verb that talks to an endpoint runs, and no byte of its stdout, stderr or any file it wrote
/// (recordings decoded, and their deltas joined) holds the key. The same runs without redaction do
/// show it, so the check can fail.
/// </summary>
public sealed class ApiKeyRedactionTests : IAsyncLifetime
{
    private const string Key = "sk-harness-test-9f8e7d6c5b4a39281706";
    private const string EchoedKey = "sk-echoed-5e1d0c9b8a7f6e5d4c3b2a19";
    private FakeServer _server = null!;
    private KeyEchoingServer _echo = null!;
    private string _dir = null!;

    public static TheoryData<string> Verbs { get; } = ["stream", "compare", "load", "verify", "conformance", "overhead"];

    public async Task InitializeAsync()
    {
        // A fake that requires the key and echoes nothing of it back.
        _server = await FakeServer.StartAsync(new FakeServerOptions { ApiKey = Key });
        _echo = await KeyEchoingServer.StartAsync(EchoedKey);
        _dir = Directory.CreateTempSubdirectory("harness-key-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _echo.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData("sse", true, 0)]
    [InlineData("sse", false, 1)]
    [InlineData("sse-h2", true, 0)]
    [InlineData("ws", true, 0)]
    [InlineData("ws", false, 1)]
    public async Task Key_appears_nowhere(string transport, bool rightKey, int expectedExit)
    {
        var keyFile = Path.Combine(_dir, $"key-{transport}-{rightKey}");
        await File.WriteAllTextAsync(keyFile, (rightKey ? Key : Key + "-wrong") + "\n");
        var recording = Path.Combine(_dir, $"rec-{transport}-{rightKey}.jsonl");
        string[] target = transport switch
        {
            "sse" => ["--url", _server.HttpBaseUrl.ToString()],
            "sse-h2" => ["--url", _server.Http2BaseUrl.ToString(), "--http2"],
            _ => ["--ws-url", _server.WebSocketUrl.ToString()],
        };

        foreach (var json in new[] { true, false })
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            // No warm-up: it streams from a stand-in fake that is never sent the key.
            string[] args = ["stream", .. target, "--model", "fake/ttft=1,itl=1,tokens=5", "--api-key-file", keyFile, "--record", recording, "--force", "--retries", "0", "--no-warmup"];
            var exit = await CliApp.RunAsync(json ? [.. args, "--json"] : args, stdout, stderr);
            Assert.Equal(expectedExit, exit);
            var everything = stdout + "\n" + stderr + "\n" + await File.ReadAllTextAsync(recording);
            Assert.DoesNotContain(Key, everything);
            Assert.DoesNotContain("9f8e7d6c5b4a39281706", everything);
        }
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task EchoedKey_ReachesNoOutputOfAnyVerb(string verb)
    {
        string outputs = await RunAsync(verb);
        Assert.True(_echo.SseRequests + _echo.Turns >= 3, $"{verb}: the hostile server answered {_echo.SseRequests} SSE requests and {_echo.Turns} turns");
        Assert.DoesNotContain("   at ", outputs, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", outputs, StringComparison.Ordinal);
        var (found, where) = FindKey(outputs);
        Assert.False(found, $"{verb}: the key is in {where}");
    }

    [Theory]
    [InlineData("stream")]
    [InlineData("conformance")]
    public async Task WithoutRedaction_TheSameCheckFindsTheKey(string verb)
    {
        string outputs;
        using (SecretRedactor.SuspendInThisFlow())
        {
            outputs = await RunAsync(verb);
        }

        var (found, _) = FindKey(outputs);
        Assert.True(found, $"{verb} without redaction: the check found no key, so it proves nothing");
    }

    [Fact]
    public async Task KeyFromTheEnvironment_ReachesNoOutput_RealProcess()
    {
        string recording = Path.Combine(_dir, "env.jsonl");
        var environment = new Dictionary<string, string?> { ["OPENAI_API_KEY"] = EchoedKey };
        var all = new StringBuilder();
        for (int i = 0; i < 4; i++)
        {
            var (_, output, error) = await CliRunner.RunProcessAsync(environment, [], "stream", "--url", _echo.HttpBaseUrl.ToString(), "--model", "m", "--no-warmup", "--retries", "0", "--record", recording, "--force");
            all.Append(output).Append('\n').Append(error).Append('\n');
        }

        Assert.Equal(4, _echo.SseRequests);
        var (found, where) = FindKey(all.ToString());
        Assert.False(found, $"the key is in {where}");
    }

    /// <summary>Runs <paramref name="verb"/> against the hostile server; returns stdout and stderr of every run.</summary>
    private async Task<string> RunAsync(string verb)
    {
        string keyFile = Path.Combine(_dir, "key");
        await File.WriteAllTextAsync(keyFile, EchoedKey + "\n");
        string[] endpoint = ["--url", _echo.HttpBaseUrl.ToString(), "--ws-url", _echo.WebSocketUrl.ToString(), "--model", "m", "--api-key-file", keyFile];
        string[] shortRun = ["--transports", "sse,ws", "--concurrency", "1", "--duration", "1s", "--warmup", "100ms"];
        var runs = new List<string[]>();
        switch (verb)
        {
            case "stream":
                // Every SSE answer (ok, mid-stream error, 401, HTML) and every WebSocket turn ending (done, error, close).
                for (int i = 0; i < 4; i++)
                {
                    runs.Add(["stream", "--url", _echo.HttpBaseUrl.ToString(), "--model", "m", "--api-key-file", keyFile, "--no-warmup", "--retries", "0", "--record", Path.Combine(_dir, $"sse{i}.jsonl"), .. i % 2 == 0 ? new[] { "--json" } : []]);
                }

                for (int i = 0; i < 3; i++)
                {
                    runs.Add(["stream", "--ws-url", _echo.WebSocketUrl.ToString(), "--model", "m", "--api-key-file", keyFile, "--no-warmup", "--retries", "0", "--record", Path.Combine(_dir, $"ws{i}.jsonl"), .. i % 2 == 0 ? new[] { "--json" } : []]);
                }

                break;
            case "compare":
                runs.Add(["compare", .. endpoint, .. shortRun, "--out", Path.Combine(_dir, "compare"), "--threshold", "ttft p50 < 10s", "--junit", Path.Combine(_dir, "compare.xml")]);
                break;
            case "load":
                string scenario = Path.Combine(_dir, "scenario.json");
                await File.WriteAllTextAsync(scenario, JsonSerializer.Serialize(new
                {
                    name = "echo",
                    target = new { transport = "sse", url = _echo.HttpBaseUrl.ToString(), model = "m", apiKeyFile = "key" },
                    warmUp = "100ms",
                    thresholds = new[] { "ttft p50 < 10s" },
                    load = new[] { new { kind = "keepConstant", copies = 1, during = "1s" } },
                }));
                runs.Add(["load", scenario, "--out", Path.Combine(_dir, "load"), "--junit", Path.Combine(_dir, "load.xml")]);
                break;
            case "verify":
                runs.Add(["verify", "--claim", "ttft p50 < 10s", .. endpoint, .. shortRun, "--out", Path.Combine(_dir, "verify"), "--junit", Path.Combine(_dir, "verify.xml")]);
                break;
            case "conformance":
                runs.Add(["conformance", "--url", _echo.HttpBaseUrl.ToString(), "--ws-url", _echo.WebSocketUrl.ToString(), "--model", "m", "--api-key-file", keyFile, "--out", Path.Combine(_dir, "conformance"), "--junit", Path.Combine(_dir, "conformance.xml"), "--timeout", "3"]);
                break;
            case "overhead":
                // The hostile server is both the upstream and the "relay".
                runs.Add(["overhead", "--direct", _echo.HttpBaseUrl.ToString(), "--via", _echo.HttpBaseUrl.ToString(), "--model", "m", "--api-key-file", keyFile, "--duration", "1s", "--claim", "ttft p50 < 10s", "--junit", Path.Combine(_dir, "overhead.xml"), "--out", Path.Combine(_dir, "overhead-sse")]);
                runs.Add(["overhead", "--direct", _echo.WebSocketUrl.ToString(), "--via", _echo.WebSocketUrl.ToString(), "--model", "m", "--api-key-file", keyFile, "--duration", "1s", "--json", "--out", Path.Combine(_dir, "overhead-ws")]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(verb), verb, null);
        }

        var all = new StringBuilder();
        foreach (var args in runs)
        {
            var (code, output, error) = await CliRunner.RunAsync(args);
            all.Append(string.Join(' ', args)).Append(" -> exit ").Append(code).Append('\n').Append(output).Append('\n').Append(error).Append('\n');
        }

        return all.ToString();
    }

    /// <summary>Whether the key (or its distinctive tail) is in <paramref name="outputs"/> or any file under the test directory.</summary>
    private (bool Found, string Where) FindKey(string outputs)
    {
        const string tail = "5e1d0c9b8a7f6e5d4c3b2a19";
        if (outputs.Contains(tail, StringComparison.Ordinal))
        {
            return (true, "stdout/stderr: " + Around(outputs, tail));
        }

        var (text, files) = ReadEverything();
        return text.Contains(tail, StringComparison.Ordinal) ? (true, $"a file ({files} read): {Around(text, tail)}") : (false, string.Empty);
    }

    /// <summary>Every file written (the key file excepted), recordings' base64 chunks decoded too.</summary>
    private (string Text, int Files) ReadEverything()
    {
        var text = new StringBuilder();
        int files = 0;
        foreach (string path in Directory.EnumerateFiles(_dir, "*", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(path) == "key")
            {
                continue;
            }

            files++;
            string content = Encoding.UTF8.GetString(File.ReadAllBytes(path));
            text.Append(path).Append('\n').Append(content).Append('\n');
            if (path.EndsWith(".jsonl", StringComparison.Ordinal))
            {
                // The chunks decoded and joined, and each field of the events joined across them (the answer's deltas: the key split over them).
                text.Append(RecordingContents.Everything(content, eventStream: content.StartsWith("{\"content_type\":\"text/event-stream", StringComparison.Ordinal))).Append('\n');
            }
        }

        return (text.ToString(), files);
    }

    private static string Around(string text, string needle)
    {
        int at = text.IndexOf(needle, StringComparison.Ordinal);
        return text[Math.Max(0, at - 120)..Math.Min(text.Length, at + 60)];
    }
}
