namespace Harness.Cli.Tests.Commands;

/// <summary>
/// <c>diff</c>: a baseline or candidate that is missing, a file, or a broken results directory, or a
/// <c>--chart</c> that cannot be written, is one line naming it, exit 2; no stack trace.
/// </summary>
public sealed class DiffVerbBadInputTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("harness-diff-bad-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [MemberData(nameof(BadResultsDirectory.SummaryCorruptions), MemberType = typeof(BadResultsDirectory))]
    public async Task BrokenCandidate_OneLineNamingIt_Exit2(string corruption)
    {
        string baseline = BadResultsDirectory.WriteValid(Path.Combine(_root, "baseline"));
        string candidate = BadResultsDirectory.Write(Path.Combine(_root, corruption), corruption);
        var (code, output, error) = await CliRunner.RunAsync("diff", baseline, candidate);
        BadResultsDirectory.AssertOneLine(code, error, candidate);
        Assert.Equal(string.Empty, output);
    }

    [Theory]
    [MemberData(nameof(BadResultsDirectory.SummaryCorruptions), MemberType = typeof(BadResultsDirectory))]
    public async Task BrokenBaseline_OneLineNamingIt_Exit2(string corruption)
    {
        string baseline = BadResultsDirectory.Write(Path.Combine(_root, corruption), corruption);
        string candidate = BadResultsDirectory.WriteValid(Path.Combine(_root, "candidate"));
        var (code, _, error) = await CliRunner.RunAsync("diff", baseline, candidate);
        BadResultsDirectory.AssertOneLine(code, error, baseline);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("a-file")]
    public async Task NotADirectory_OneLineNamingIt_Exit2(string kind)
    {
        string valid = BadResultsDirectory.WriteValid(Path.Combine(_root, "valid"));
        string path = Path.Combine(_root, kind);
        if (kind == "a-file")
        {
            await File.WriteAllTextAsync(path, "{}");
        }

        var (code, _, error) = await CliRunner.RunAsync("diff", valid, path);
        BadResultsDirectory.AssertOneLine(code, error, path);
    }

    [Theory]
    [InlineData("--chart", "/proc/x/diff.png")]
    [InlineData("--chart", "/tmp")]
    [InlineData("--junit", "/proc/x/diff.xml")]
    [InlineData("--junit", "/tmp")]
    public async Task UnwritableOutput_OneLineNamingIt_Exit2_NothingPrinted(string option, string path)
    {
        string a = BadResultsDirectory.WriteValid(Path.Combine(_root, "a"));
        var (code, output, error) = await CliRunner.RunAsync("diff", a, a, option, path);
        BadResultsDirectory.AssertOneLine(code, error, option);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public async Task MetricNeitherRunMeasured_NamedInTheOutput()
    {
        // The valid directory measured ttft only.
        string a = BadResultsDirectory.WriteValid(Path.Combine(_root, "a"));
        string b = BadResultsDirectory.WriteValid(Path.Combine(_root, "b"));
        var (code, output, error) = await CliRunner.RunAsync("diff", a, b, "--metrics", "ttft,tpot,connect");
        Assert.NotEqual(ExitCodes.Usage, code);
        Assert.Contains("Not compared: neither run measured tpot, connect.", output, StringComparison.Ordinal);
        Assert.Contains("| ttft |", output, StringComparison.Ordinal);

        var json = await CliRunner.RunAsync("diff", a, b, "--metrics", "ttft,tpot", "--json");
        using var doc = System.Text.Json.JsonDocument.Parse(json.Out);
        Assert.Equal("tpot", Assert.Single(doc.RootElement.GetProperty("unmeasured").EnumerateArray()).GetString());
        Assert.Empty(error);
    }

    [Fact]
    public async Task OnlyMetricsNeitherRunMeasured_Exit2NamingThem()
    {
        string a = BadResultsDirectory.WriteValid(Path.Combine(_root, "a"));
        string b = BadResultsDirectory.WriteValid(Path.Combine(_root, "b"));
        var (code, output, error) = await CliRunner.RunAsync("diff", a, b, "--metrics", "tpot,connect");
        BadResultsDirectory.AssertOneLine(code, error, "--metrics: neither run measured tpot, connect");
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public async Task AMetricWithOneSampleASide_IsNotCompared_NotInconclusive_AndAloneIsNothingToCompare()
    {
        // At c1 only the first request opens a connection: one connect sample a side.
        string a = new SyntheticResults { RequestsPerSeries = 400, Seed = 1, Concurrencies = [1] }.WriteToTemp();
        string b = new SyntheticResults { RequestsPerSeries = 400, Seed = 2, Concurrencies = [1] }.WriteToTemp();

        string xml = Path.Combine(_root, "diff.xml");
        var (code, output, error) = await CliRunner.RunAsync("diff", a, b, "--metrics", "connect,ttft", "--percentiles", "50", "--max-regression", "5ms", "--junit", xml);
        Assert.True(code == ExitCodes.Ok, $"exit {code}: {error}{output}");
        Assert.Contains("- ws c1 connect: n = 1/1, fewer than the 10 any percentile needs on both sides", output, StringComparison.Ordinal);
        // In the JUnit file too, as a skipped case with its reason, not silently absent.
        var skipped = System.Xml.Linq.XDocument.Load(xml).Descendants("testcase").Single(t => (string?)t.Attribute("classname") == "diff.ws.c1" && (string?)t.Attribute("name") == "connect not compared");
        Assert.StartsWith("n = 1/1, fewer than", (string?)skipped.Element("skipped")?.Attribute("message"), StringComparison.Ordinal);

        var alone = await CliRunner.RunAsync("diff", a, b, "--metrics", "connect");
        BadResultsDirectory.AssertOneLine(alone.ExitCode, alone.Error, "--metrics: connect: at most 1 sample a side, fewer than the 10 any percentile needs, so there is nothing to compare");
        Assert.Equal(string.Empty, alone.Out);
    }

    [Fact]
    public async Task OneRunGivenTwice_OrACopyOfIt_OneLine_Exit2()
    {
        string a = BadResultsDirectory.WriteValid(Path.Combine(_root, "a"));
        string copy = Path.Combine(_root, "copy");
        Directory.CreateDirectory(copy);
        foreach (string file in Directory.GetFiles(a))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        var twice = await CliRunner.RunAsync("diff", a, a + "/");
        BadResultsDirectory.AssertOneLine(twice.ExitCode, twice.Error, "is given twice (baseline and candidate): a run against itself always passes");
        Assert.Equal(string.Empty, twice.Out);

        var copied = await CliRunner.RunAsync("diff", a, copy, "--allow-mismatch", "--json");
        BadResultsDirectory.AssertOneLine(copied.ExitCode, copied.Error, "are one run (runId ");
        Assert.Equal(string.Empty, copied.Out);
    }

    [Fact]
    public async Task ARefusedDiff_StillPrintsItsJson_AndWritesAFailingJUnitCase()
    {
        string a = BadResultsDirectory.WriteValid(Path.Combine(_root, "a"));
        string b = BadResultsDirectory.WriteValid(Path.Combine(_root, "b"));
        string results = Path.Combine(b, "results.json");
        File.WriteAllText(results, File.ReadAllText(results).Replace("\"model\": \"fake\"", "\"model\": \"other\"", StringComparison.Ordinal));
        string xml = Path.Combine(_root, "junit", "diff.xml");

        var (code, output, error) = await CliRunner.RunAsync("diff", a, b, "--json", "--junit", xml);

        BadResultsDirectory.AssertOneLine(code, error, "diff refused");
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        Assert.True(doc.RootElement.GetProperty("refused").GetBoolean());
        Assert.StartsWith("model: 'fake' vs 'other'", doc.RootElement.GetProperty("mismatches")[0].GetString(), StringComparison.Ordinal);
        var testCase = Assert.Single(System.Xml.Linq.XDocument.Load(xml).Descendants("testcase"));
        Assert.Equal("diff refused", testCase.Attribute("name")!.Value);
        Assert.NotNull(testCase.Element("failure"));
    }
}
