namespace Harness.Cli.Tests.Commands;

/// <summary>
/// <c>overhead</c>: a bad URL, duration or count, an unusable key file, an output (<c>--chart</c>,
/// <c>--junit</c>) that cannot be written is one line naming it, exit 2, before any request.
/// </summary>
public sealed class OverheadVerbBadInputTests : IDisposable
{
    private readonly SilentServer _silent = new();

    public void Dispose() => _silent.Dispose();

    [Theory]
    [InlineData("--direct", "not a url")]
    [InlineData("--via", "ftp://127.0.0.1/x")]
    [InlineData("--transport", "carrier-pigeon")]
    [InlineData("--duration", "soon")]
    [InlineData("--concurrency", "0")]
    [InlineData("--max-pairs", "0")]
    [InlineData("--claim", "ttft fast")]
    [InlineData("--api-key-file", "/nonexistent/key")]
    [InlineData("--chart", "/tmp")]
    [InlineData("--junit", "/proc/x/overhead.xml")]
    [InlineData("--first-token-timeout", "-1")]
    public async Task BadOption_OneLineNamingIt_Exit2_NoRequest(string option, string value)
    {
        string url = $"http://127.0.0.1:{_silent.Port}";
        var given = new Dictionary<string, string> { ["--direct"] = url, ["--via"] = url + "/relay/v1", ["--model"] = "m", ["--duration"] = "30s", ["--claim"] = "ttft p50 < 5ms", [option] = value };
        var (code, output, error) = await CliRunner.RunAsync(["overhead", .. given.SelectMany(o => new[] { o.Key, o.Value })]).WaitAsync(TimeSpan.FromSeconds(60));
        BadResultsDirectory.AssertOneLine(code, error, option);
        Assert.Equal(string.Empty, output);
        Assert.Equal(0, _silent.Accepted);
    }
}
