namespace Harness.Cli.Tests.Commands;

/// <summary><c>stream</c>: an unwritable <c>--record</c> fails before the request, exit 2, one line.</summary>
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
}
