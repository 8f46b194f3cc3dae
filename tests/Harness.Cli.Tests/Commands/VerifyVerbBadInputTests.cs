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

    [Fact]
    public async Task Verify_ValidResults_StillJudged()
    {
        string dir = BadResultsDirectory.WriteValid(Path.Combine(_root, "ok"));
        var (code, output, error) = await CliRunner.RunAsync("verify", "--claim", "ttft p50 < 1s", dir);
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("met", output, StringComparison.Ordinal);
    }
}
