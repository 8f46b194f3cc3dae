using Harness.Cli.Commands;
using Harness.Load.Results;

namespace Harness.Cli.Tests.Commands;

/// <summary>
/// The final write of a results directory failing (disk full, a directory gone or read-only): one
/// line naming the directory, what was saved and what was not, exit 2; no exception escapes.
/// </summary>
public sealed class LoadCommandSupportTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("harness-save-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void SaveResults_DirectoryUnwritable_NamesItAndSaysNothingWasSaved()
    {
        // Under a file: fails for root too, where a read-only directory would not.
        string dir = "/dev/null/results";
        var ex = Assert.Throws<UsageException>(() => LoadCommandSupport.SaveResults(dir, () =>
        {
            File.WriteAllText(Path.Combine(dir, ResultsDirectory.ResultsFile), "{}");
            return 0;
        }));
        Assert.StartsWith($"{dir}: the results could not be written (", ex.Message, StringComparison.Ordinal);
        Assert.Contains("; nothing was saved; not saved: results.json, histograms.hlog, requests.csv, timeseries.csv, and no report", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void SaveResults_DiskFullAfterTheRun_NamesTheCsvsKept()
    {
        File.WriteAllText(Path.Combine(_root, ResultsDirectory.RequestsFile), "header\nrow\n");
        File.WriteAllText(Path.Combine(_root, ResultsDirectory.TimeSeriesFile), "header\nrow\n");
        var ex = Assert.Throws<UsageException>(() => LoadCommandSupport.SaveResults<int>(_root, () => throw new IOException("No space left on device")));
        Assert.Equal(
            $"{_root}: the results could not be written (No space left on device); saved: requests.csv, timeseries.csv; not saved: results.json, histograms.hlog, and no report",
            ex.Message);
    }

    [Fact]
    public async Task Compare_FinalWriteFails_OneLineExit2_TheCsvsKept()
    {
        // A directory where results.json goes makes its final rename fail, for root too.
        string dir = Path.Combine(_root, "run");
        var run = CliRunner.RunAsync("compare", "--transports", "sse", "--concurrency", "1", "--rounds", "1", "--duration", "2s", "--warmup", "100ms", "--schedule", "ttft=5,itl=2,tokens=3", "--no-report", "--out", dir);
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(Path.Combine(dir, ResultsDirectory.RequestsFile)) && !run.IsCompleted && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
        }

        Directory.CreateDirectory(Path.Combine(dir, ResultsDirectory.ResultsFile));
        var (code, output, error) = await run.WaitAsync(TimeSpan.FromSeconds(90));
        string last = error.Trim().Split('\n')[^1];
        Assert.True(code == ExitCodes.Usage, error);
        Assert.StartsWith($"harness: {dir}: the results could not be written (", last, StringComparison.Ordinal);
        Assert.Matches(@"; saved: (histograms\.hlog, )?requests\.csv, timeseries\.csv; not saved: results\.json", last);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
        Assert.True(File.ReadAllLines(Path.Combine(dir, ResultsDirectory.RequestsFile)).Length > 1, "no request row kept");
    }

    [Fact]
    public void SaveResults_Succeeds_ReturnsWhatTheWriteReturned() =>
        Assert.Equal(42, LoadCommandSupport.SaveResults(_root, () => 42));
}
