using Harness.Load.Results;

namespace Harness.Cli.Tests.Commands;

/// <summary>
/// <c>compare</c> and <c>merge</c> end to end against the embedded fake: short runs (about a second
/// per series) that write a results directory and its report and print the report's path last.
/// </summary>
public sealed class CompareVerbTests : IDisposable
{
    private static readonly string[] s_shortRun =
        ["--transports", "sse,ws", "--concurrency", "2", "--duration", "1s", "--warmup", "200ms", "--schedule", "ttft=20,itl=5,tokens=5"];

    private readonly string _dir = Directory.CreateTempSubdirectory("compare-verb-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Compare_WritesResultsAndReport_AndPrintsTheIndexPathLast()
    {
        string outDir = Path.Combine(_dir, "run");
        var (code, output, error) = await CliRunner.RunAsync(["compare", .. s_shortRun, "--out", outDir]);

        Assert.True(code == 0, error);
        string index = Path.GetFullPath(Path.Combine(outDir, "index.html"));
        Assert.Equal(index, Path.GetFullPath(output.Trim().Split('\n')[^1].Trim()));
        Assert.True(File.Exists(index));
        var (run, _) = ResultsDirectory.Read(outDir);
        Assert.Equal(["sse", "ws"], run.Series.Select(s => s.Transport).Order());
        Assert.All(run.Series, s =>
        {
            Assert.True(s.Requests > 0, $"{s.Transport}: no requests");
            Assert.Equal(s.Requests, s.Outcomes["ok"]);
        });
        string header = File.ReadLines(Path.Combine(outDir, ResultsDirectory.TimeSeriesFile)).First();
        Assert.Contains(",ws_closed,", header, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoAgents_MergeIntoOneRun_WithTheirRequestsSummed()
    {
        string a = Path.Combine(_dir, "a"), b = Path.Combine(_dir, "b"), merged = Path.Combine(_dir, "merged");
        var first = await CliRunner.RunAsync(["compare", .. s_shortRun, "--agent", "1/2", "--no-report", "--out", a]);
        var second = await CliRunner.RunAsync(["compare", .. s_shortRun, "--agent", "2/2", "--no-report", "--out", b]);
        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first.Error + second.Error);
        Assert.Equal(Path.GetFullPath(a), Path.GetFullPath(first.Out.Trim()));

        var (code, output, error) = await CliRunner.RunAsync("merge", a, b, "--out", merged);

        Assert.True(code == 0, error);
        Assert.Equal(Path.GetFullPath(Path.Combine(merged, "index.html")), Path.GetFullPath(output.Trim()));
        long Requests(string dir, string transport) => ResultsDirectory.Read(dir).Results.Series.Single(s => s.Transport == transport).Requests;
        foreach (string transport in new[] { "sse", "ws" })
        {
            Assert.Equal(Requests(a, transport) + Requests(b, transport), Requests(merged, transport));
        }
    }

    [Theory]
    [InlineData("--cold", "--warm")]
    [InlineData("--concurrency", "0")]
    [InlineData("--concurrency", "10", "--rate", "5")]
    [InlineData("--transports", "smoke-signals")]
    [InlineData("--duration", "soon")]
    [InlineData("--url", "ftp://example.invalid")]
    public async Task BadFlags_AreAOneLineUsageError_BeforeAnythingRuns(params string[] args)
    {
        var (code, output, error) = await CliRunner.RunAsync(["compare", .. args, "--out", Path.Combine(_dir, "never")]);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Empty(output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(Directory.Exists(Path.Combine(_dir, "never")));
    }
}
