using Harness.Cli;
using Harness.Clients;
using Harness.Fakes;

namespace Harness.Cli.Tests.Commands;

/// <summary>The API key reaches the server and nowhere else: not stdout, stderr, JSON or recordings.</summary>
public sealed class ApiKeyRedactionTests : IAsyncLifetime
{
    private const string Key = "sk-harness-test-9f8e7d6c5b4a39281706";
    private FakeServer _server = null!;
    private string _dir = null!;

    public async Task InitializeAsync()
    {
        // A fake that requires the key and echoes nothing of it back.
        _server = await FakeServer.StartAsync(new FakeServerOptions { ApiKey = Key });
        _dir = Directory.CreateTempSubdirectory("harness-key-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
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
            string[] args = ["stream", .. target, "--model", "fake/ttft=1,itl=1,tokens=5", "--api-key-file", keyFile, "--record", recording, "--retries", "0"];
            var exit = await CliApp.RunAsync(json ? [.. args, "--json"] : args, stdout, stderr);
            Assert.Equal(expectedExit, exit);
            var everything = stdout + "\n" + stderr + "\n" + await File.ReadAllTextAsync(recording);
            Assert.DoesNotContain(Key, everything);
            Assert.DoesNotContain("9f8e7d6c5b4a39281706", everything);
        }
    }

    [Fact]
    public void Redactor_removes_the_key_from_text_and_bytes()
    {
        Assert.Equal("bad key [redacted]!", SecretRedactor.Redact($"bad key {Key}!", Key));
        var bytes = System.Text.Encoding.UTF8.GetBytes($"a{Key}b{Key}");
        Assert.Equal("a[redacted]b[redacted]", System.Text.Encoding.UTF8.GetString(SecretRedactor.Redact(bytes, Key)));
    }
}
