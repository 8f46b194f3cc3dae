namespace Harness.Cli.Tests.Commands;

/// <summary>
/// <c>stream</c>: an unwritable <c>--record</c> fails before the request, exit 2, one line; a server
/// that never answers ends the request by itself whatever limits are switched off.
/// </summary>
public sealed class StreamVerbBadInputTests
{
    [Theory]
    [InlineData("/proc/x")]
    [InlineData("/proc/self")]
    [InlineData("/nonexistent-dir/rec.txt")]
    public async Task Record_Unwritable_Exit2BeforeTheRequest(string path)
    {
        // Port 9 (discard) on loopback: were the request made, it would be a connect error (exit 1).
        var (code, _, error) = await CliRunner.RunAsync("stream", "--url", "http://127.0.0.1:9/v1", "--model", "fake", "--no-warmup", "--record", path);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("--record: " + path, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--connect-timeout", "-1")]
    [InlineData("--idle-timeout", "soon")]
    [InlineData("--ws-dialect", "/nonexistent/dialect.json")]
    [InlineData("--ws-dialect", "/tmp")]
    [InlineData("--api-key-file", "/nonexistent/key")]
    [InlineData("--api-key-file", "/tmp")]
    [InlineData("--header", "no-colon")]
    [InlineData("--body", "[1]")]
    [InlineData("--prompts", "/tmp")]
    [InlineData("--max-tokens", "0")]
    [InlineData("--retries", "-1")]
    [InlineData("--url", "http://127.0.0.1:65536")]
    public async Task BadOption_OneLineNamingIt_Exit2_NoRequest(string option, string value)
    {
        using var silent = new SilentServer();
        string[] endpoint = option == "--ws-dialect" ? ["--ws-url", $"ws://127.0.0.1:{silent.Port}/v1/ws/chat"] : ["--url", $"http://127.0.0.1:{silent.Port}"];
        var (code, output, error) = await CliRunner.RunAsync(["stream", .. endpoint, "--model", "m", "--no-warmup", option, value]).WaitAsync(TimeSpan.FromSeconds(30));
        BadResultsDirectory.AssertOneLine(code, error, option);
        Assert.DoesNotContain("goes with --ws-url", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
        Assert.Equal(0, silent.Accepted);
    }

    /// <summary>An option of the other transport is refused, not ignored while the stream runs without it.</summary>
    [Theory]
    [InlineData("--ws-url", "--http2", "", "--http2 is for SSE (--url); a WebSocket stream (--ws-url) does not take it")]
    [InlineData("--ws-url", "--responses", "", "--responses is for SSE (--url); a WebSocket stream (--ws-url) does not take it")]
    [InlineData("--url", "--ws-dialect", "/nonexistent/dialect.json", "--ws-dialect maps WebSocket messages: it goes with --ws-url, not --url")]
    public async Task OtherTransportsOption_Refused_NoRequest(string endpoint, string option, string value, string says)
    {
        using var silent = new SilentServer();
        string url = endpoint == "--url" ? $"http://127.0.0.1:{silent.Port}" : $"ws://127.0.0.1:{silent.Port}/v1/ws/chat";
        string[] given = value.Length == 0 ? [option] : [option, value];
        var (code, _, error) = await CliRunner.RunAsync(["stream", endpoint, url, "--model", "m", "--no-warmup", .. given]).WaitAsync(TimeSpan.FromSeconds(30));
        BadResultsDirectory.AssertOneLine(code, error, says);
        Assert.Equal(0, silent.Accepted);
    }

    [Fact]
    public async Task TruncatedDialectFile_OneLineNamingIt_Exit2()
    {
        string path = Path.Combine(Path.GetTempPath(), $"harness-dialect-{Environment.ProcessId}.json");
        await File.WriteAllTextAsync(path, "{\"start\": {\"op\":");
        try
        {
            var (code, _, error) = await CliRunner.RunAsync("stream", "--ws-url", "ws://127.0.0.1:9/x", "--model", "m", "--no-warmup", "--ws-dialect", path);
            BadResultsDirectory.AssertOneLine(code, error, "--ws-dialect");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("--url")]
    [InlineData("--ws-url")]
    public async Task ServerThatNeverAnswers_EndsByTheIdleLimit_WithTheOtherLimitsOff(string option)
    {
        using var silent = new SilentServer();
        string url = option == "--url" ? $"http://127.0.0.1:{silent.Port}" : $"ws://127.0.0.1:{silent.Port}/v1/ws/chat";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (code, _, error) = await CliRunner.RunAsync("stream", option, url, "--model", "m", "--no-warmup", "--retries", "0", "--connect-timeout", "0", "--first-token-timeout", "0", "--total-timeout", "0", "--idle-timeout", "1")
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("harness: timeout(idle): no response headers within 1 s (--idle-timeout)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 20);
    }
}
