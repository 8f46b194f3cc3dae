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

    /// <summary>An output that cannot be written is refused before any is: the charts were written, then the runtime's "already exists" and no page.</summary>
    [Theory]
    [InlineData("charts", false)]
    [InlineData("index.html", true)]
    [InlineData("summary.md", true)]
    public async Task Report_AnOutputInTheWay_OneLineNamingIt_NothingWritten(string name, bool isDirectory)
    {
        string dir = BadResultsDirectory.WriteValid(Path.Combine(_root, "o-" + name));
        string inTheWay = Path.Combine(dir, name);
        if (isDirectory)
        {
            Directory.CreateDirectory(inTheWay);
        }
        else
        {
            File.WriteAllText(inTheWay, "mine");
        }

        var (code, _, error) = await CliRunner.RunAsync("report", dir);

        BadResultsDirectory.AssertOneLine(code, error, $"{inTheWay} is a {(isDirectory ? "directory" : "file")} where the report's");
        Assert.False(File.Exists(Path.Combine(dir, "summary.json")), "the report was half written");
    }

    [Fact]
    public async Task Report_MissingDirectory_OneLineExit2()
    {
        var (code, _, error) = await CliRunner.RunAsync("report", Path.Combine(_root, "nope"));
        BadResultsDirectory.AssertOneLine(code, error, "nope");
    }

    /// <summary>A price file that is wrong says what, in its keys; a typo or a missing price is refused, not priced at $0.</summary>
    [Theory]
    [InlineData("[]", "it is not a JSON object")]
    [InlineData("""{"fake":{"inputPerMillion":"x","outputPerMillion":1}}""", "$.fake.inputPerMillion is not a number")]
    [InlineData("""{"fake":{"inputPerMilion":1,"outputPerMillion":2}}""", "unknown key \"inputPerMilion\" in $.fake (line 1) (did you mean \"inputPerMillion\"?)")]
    [InlineData("""{"fake":{"inputPerMillion":1}}""", "missing \"outputPerMillion\" in $.fake")]
    [InlineData("directory", "is a directory, not a file")]
    [InlineData("missing", "does not exist")]
    public async Task Report_BadPrices_SaysWhatIsWrong(string content, string says)
    {
        string dir = BadResultsDirectory.WriteValid(Path.Combine(_root, "p"));
        string prices = Path.Combine(_root, "prices.json");
        switch (content)
        {
            case "directory": Directory.CreateDirectory(prices); break;
            case "missing": break;
            default: await File.WriteAllTextAsync(prices, content); break;
        }

        var (code, _, error) = await CliRunner.RunAsync("report", dir, "--prices", prices);
        BadResultsDirectory.AssertOneLine(code, error, prices);
        Assert.Contains(says, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_ResultsJsonNotAnObject_SaysSo()
    {
        string dir = BadResultsDirectory.WriteValid(Path.Combine(_root, "a"));
        await File.WriteAllTextAsync(Path.Combine(dir, "results.json"), "[1,2]");
        var (code, _, error) = await CliRunner.RunAsync("report", dir);
        BadResultsDirectory.AssertOneLine(code, error, "results.json");
        Assert.Contains("it is not a JSON object", error, StringComparison.Ordinal);
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
