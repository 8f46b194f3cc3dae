namespace Harness.Cli.Tests.Commands;

/// <summary><c>verify</c> on a broken results directory: one line naming the directory or file, exit 2.</summary>
public sealed class VerifyVerbBadInputTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("harness-verify-bad-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [MemberData(nameof(BadResultsDirectory.SummaryCorruptions), MemberType = typeof(BadResultsDirectory))]
    public async Task Verify_BrokenResults_OneLineExit2(string corruption)
    {
        string dir = BadResultsDirectory.Write(Path.Combine(_root, corruption), corruption);
        var (code, _, error) = await CliRunner.RunAsync("verify", "--claim", "ttft p50 < 1s", dir);
        BadResultsDirectory.AssertOneLine(code, error, dir);
    }

    [Theory]
    [InlineData("--claim", "ttft p95 fast")]
    [InlineData("--claim", "ttft p101 < 5ms")]
    [InlineData("--resamples", "5")]
    [InlineData("--junit", "/proc/x/junit.xml")]
    [InlineData("--junit", "/tmp")]
    [InlineData("--transport", "carrier-pigeon")]
    [InlineData("--duration", "1s")]
    public async Task Verify_BadOption_OneLineNamingIt_Exit2(string option, string value)
    {
        string dir = BadResultsDirectory.WriteValid(Path.Combine(_root, Guid.NewGuid().ToString("N")));
        string[] claim = option == "--claim" ? [] : ["--claim", "ttft p50 < 1s"];
        var (code, _, error) = await CliRunner.RunAsync(["verify", .. claim, option, value, dir]);
        BadResultsDirectory.AssertOneLine(code, error, option);
    }

    [Fact]
    public async Task Verify_ValidResults_StillJudged()
    {
        string dir = BadResultsDirectory.WriteValid(Path.Combine(_root, "ok"));
        var (code, output, error) = await CliRunner.RunAsync("verify", "--claim", "ttft p50 < 1s", dir);
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("met", output, StringComparison.Ordinal);
    }
}
