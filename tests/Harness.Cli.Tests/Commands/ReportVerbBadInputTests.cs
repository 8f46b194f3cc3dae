namespace Harness.Cli.Tests.Commands;

/// <summary><c>report</c> on a broken results directory: one line naming the directory or file, exit 2.</summary>
public sealed class ReportVerbBadInputTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("harness-report-bad-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [MemberData(nameof(BadResultsDirectory.SummaryCorruptions), MemberType = typeof(BadResultsDirectory))]
    public async Task Report_BrokenResults_OneLineExit2(string corruption)
    {
        string dir = BadResultsDirectory.Write(Path.Combine(_root, corruption), corruption);
        var (code, _, error) = await CliRunner.RunAsync("report", dir);
        BadResultsDirectory.AssertOneLine(code, error, dir);
    }

    [Fact]
    public async Task Report_BadVerdictsJson_OneLineNamingIt()
    {
        string dir = BadResultsDirectory.WriteValid(Path.Combine(_root, "v"));
        File.WriteAllText(Path.Combine(dir, "verdicts.json"), "{\"verdicts\": 3");
        var (code, _, error) = await CliRunner.RunAsync("report", dir);
        BadResultsDirectory.AssertOneLine(code, error, "verdicts.json");
    }

    [Fact]
    public async Task Report_MissingDirectory_OneLineExit2()
    {
        var (code, _, error) = await CliRunner.RunAsync("report", Path.Combine(_root, "nope"));
        BadResultsDirectory.AssertOneLine(code, error, "nope");
    }

    [Fact]
    public async Task Report_Verbose_AddsTheException()
    {
        string dir = BadResultsDirectory.Write(Path.Combine(_root, "x"), "results-open-brace");
        var (code, _, error) = await CliRunner.RunAsync("report", dir, "--verbose");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.StartsWith("harness: " + dir, error, StringComparison.Ordinal);
        Assert.Contains("InvalidDataException", error, StringComparison.Ordinal);
        Assert.Contains("   at ", error, StringComparison.Ordinal);
    }
}
