using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Harness.Cli.Tests.Commands;

/// <summary>
/// <c>fake serve|replay|lateness</c>: a bad port (or one in use), a schedule, profile, fault or
/// address it cannot take, a recording that is missing, a directory, empty or truncated is one line
/// on stderr naming it, exit 2, and the fake never starts serving; no stack trace.
/// </summary>
public sealed class FakeVerbBadInputTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("harness-fake-bad-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("--port", "70000")]
    [InlineData("--port", "-1")]
    [InlineData("--schedule", "ttft=abc")]
    [InlineData("--schedule", "ttft=3000000000")]
    [InlineData("--schedule", "tokens=-5")]
    [InlineData("--schedule", "warp=9")]
    [InlineData("--fault", "nope")]
    [InlineData("--fault", "malformed")]
    [InlineData("--listen", "banana")]
    [InlineData("--listen", "0.0.0.0:70000")]
    [InlineData("--listen", "[::]:8080")]
    public async Task Serve_BadOption_OneLineNamingIt_Exit2(string option, string value)
    {
        var (code, output, error) = await RunAsync("fake", "serve", "--no-warmup", option, value);
        BadResultsDirectory.AssertOneLine(code, error, option);
        Assert.Equal(string.Empty, output); // no URLs printed: it never served
    }

    [Theory]
    [InlineData("0.0.0.0:70000", "port out of range (70000")]
    [InlineData("[::]:8080", "has a port (8080)")]
    public async Task Serve_ListenWithAPort_SaysWhereThePortGoes(string value, string says)
    {
        var (code, _, error) = await RunAsync("fake", "serve", "--no-warmup", "--listen", value);
        BadResultsDirectory.AssertOneLine(code, error, says);
        Assert.Contains("give the port with --port", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_PortInUse_OneLineNamingThePort_Exit2()
    {
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            string port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
            var (code, output, error) = await RunAsync("fake", "serve", "--no-warmup", "--port", port);
            BadResultsDirectory.AssertOneLine(code, error, port);
            Assert.Equal(string.Empty, output);
        }
        finally
        {
            taken.Stop();
        }
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("directory")]
    [InlineData("empty")]
    [InlineData("truncated")]
    [InlineData("not-an-object")]
    [InlineData("out-of-bounds")]
    public async Task Serve_BadProfile_OneLineNamingIt_Exit2(string kind)
    {
        string path = Path.Combine(_root, kind + ".json");
        switch (kind)
        {
            case "directory": Directory.CreateDirectory(path); break;
            case "empty": await File.WriteAllTextAsync(path, string.Empty); break;
            case "truncated": await File.WriteAllTextAsync(path, "{\"ttft_ms\":120,\"itl"); break;
            case "not-an-object": await File.WriteAllTextAsync(path, "[120]"); break;
            case "out-of-bounds": await File.WriteAllTextAsync(path, "{\"ttft_ms\":1e15,\"tokens\":5}"); break;
        }

        var (code, output, error) = await RunAsync("fake", "serve", "--no-warmup", "--profile", path);
        BadResultsDirectory.AssertOneLine(code, error, path);
        Assert.Equal(string.Empty, output);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("directory")]
    [InlineData("empty")]
    [InlineData("truncated")]
    [InlineData("bad-base64")]
    public async Task Replay_BadRecording_OneLineNamingIt_Exit2(string kind)
    {
        string path = Path.Combine(_root, kind + ".jsonl");
        switch (kind)
        {
            case "directory": Directory.CreateDirectory(path); break;
            case "empty": await File.WriteAllTextAsync(path, string.Empty); break;
            case "truncated": await File.WriteAllTextAsync(path, "{\"content_type\":\"text/event-stream\",\"status\":200}\n{\"t_ms\":1,\"b64\":\"ZGF0YQ"); break;
            case "bad-base64": await File.WriteAllTextAsync(path, "{\"content_type\":\"text/event-stream\",\"status\":200}\n{\"t_ms\":1,\"b64\":\"%%%\"}\n"); break;
        }

        var (code, output, error) = await RunAsync("fake", "replay", "--no-warmup", path);
        BadResultsDirectory.AssertOneLine(code, error, path);
        Assert.Equal(string.Empty, output);
    }

    /// <summary>A profile says what is wrong in its own keys; an unknown key is refused, not served as the default schedule.</summary>
    [Theory]
    [InlineData("[]", "it is not a JSON object")]
    [InlineData("""{"ttft_ms":"abc"}""", "$.ttft_ms is not a number")]
    [InlineData("""{"ttft_mss":5}""", "unknown key \"ttft_mss\" (line 1) (did you mean \"ttft_ms\"?); known: dist, tokens, chunk, lang, seed, ttft_ms, itl_ms, sd_ms, jitter_ms")]
    [InlineData("{\"ttft_ms\":", "cut short?")]
    public async Task Serve_BadProfile_SaysWhatIsWrong(string content, string says)
    {
        string path = Path.Combine(_root, "profile.json");
        await File.WriteAllTextAsync(path, content);
        var (code, output, error) = await RunAsync("fake", "serve", "--no-warmup", "--profile", path);
        BadResultsDirectory.AssertOneLine(code, error, path);
        Assert.Contains(says, error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public async Task Serve_ListenOnAnotherMachinesAddress_NamesTheOption()
    {
        // 192.0.2.1 (TEST-NET-1) is no machine's address: binding it fails before anything is sent.
        var (code, output, error) = await RunAsync("fake", "serve", "--no-warmup", "--listen", "192.0.2.1");
        BadResultsDirectory.AssertOneLine(code, error, "--listen 192.0.2.1: not an address of this machine");
        Assert.Equal(string.Empty, output);
    }

    [Theory]
    [InlineData("tokens=99999999999", "99999999999 is out of range (1 to 10000000)")]
    [InlineData("chunk=99999999999", "99999999999 is out of range (1 to 2147483647)")]
    [InlineData("seed=99999999999999999999", "is out of range")]
    public async Task Serve_ScheduleNumberOutOfRange_SaysTheRange(string schedule, string says)
    {
        var (code, _, error) = await RunAsync("fake", "serve", "--no-warmup", "--schedule", schedule);
        BadResultsDirectory.AssertOneLine(code, error, "--schedule");
        Assert.Contains(says, error, StringComparison.Ordinal);
    }

    /// <summary>A bad recording line says which key is wrong and where, not the runtime's "not a valid Base-64 string" or "requires an element of type 'Number'".</summary>
    [Theory]
    [InlineData("{\"t_ms\":1,\"b64\":\"%%%\"}", "`b64` is not base64")]
    [InlineData("{\"t_ms\":\"x\",\"b64\":\"ZGF0YQ==\"}", "`t_ms` is not a number")]
    [InlineData("{\"content_type\":\"text/event-stream\",\"status\":\"ok\"}", "`status` is not an HTTP status")]
    [InlineData("{\"content_type\":7}", "`content_type` is not a string")]
    public async Task Replay_BadRecordingLine_SaysWhichKeyAndWhere(string secondLine, string says)
    {
        string path = Path.Combine(_root, "rec.jsonl");
        await File.WriteAllTextAsync(path, "{\"t_ms\":0,\"b64\":\"ZGF0YQ==\"}\n" + secondLine + "\n");
        var (code, output, error) = await RunAsync("fake", "replay", "--no-warmup", path);
        BadResultsDirectory.AssertOneLine(code, error, path + ":2: not a recording line (" + says);
        Assert.Equal(string.Empty, output);
    }

    [Theory]
    [InlineData("--streams", "0")]
    [InlineData("--streams", "ten")]
    [InlineData("--streams", "1,,2")]
    [InlineData("--streams", "1,1")]
    [InlineData("--itl", "0ms")]
    [InlineData("--itl", "fast")]
    [InlineData("--duration", "1ms")]
    public async Task Lateness_BadOption_OneLineNamingIt_Exit2(string option, string value)
    {
        var (code, _, error) = await RunAsync("fake", "lateness", option, value);
        BadResultsDirectory.AssertOneLine(code, error, option);
    }

    private static Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args) =>
        CliRunner.RunAsync(args).WaitAsync(TimeSpan.FromSeconds(60));
}
