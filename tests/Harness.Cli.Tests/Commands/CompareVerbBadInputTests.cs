using System.Diagnostics;
using Harness.Load.Results;

namespace Harness.Cli.Tests.Commands;

/// <summary>
/// <c>compare</c>: a bad <c>--out</c> fails before anything is measured; an earlier run's directory
/// is refused unless <c>--force</c>, which clears what that run derived; a signal ends the run
/// with 130/143 and its partial results saved. No figure is judged, so it runs beside other test
/// classes.
/// </summary>
public sealed class CompareVerbBadInputTests : IDisposable
{
    private static readonly string[] s_shortRun = Run("1s");

    private static string[] Run(string duration) =>
        ["compare", "--transports", "sse", "--concurrency", "1", "--duration", duration, "--warmup", "100ms", "--schedule", "ttft=5,itl=2,tokens=3", "--no-report"];

    private readonly string _root = Directory.CreateTempSubdirectory("harness-compare-bad-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("/proc/x")]
    [InlineData("/dev/null")]
    public async Task Compare_UnwritableOut_FailsBeforeTheRun(string outDir)
    {
        var watch = Stopwatch.StartNew();
        var (code, _, error) = await CliRunner.RunAsync([.. Run("30s"), "--out", outDir]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.StartsWith("harness: " + outDir, error.Trim(), StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(25), $"took {watch.Elapsed}: the 30 s run was measured first");
    }

    [Theory]
    [InlineData("--duration", "abc")]
    [InlineData("--duration", "0s")]
    [InlineData("--warmup", "-1s")]
    [InlineData("--rate", "-1")]
    [InlineData("--rate", "fast")]
    [InlineData("--concurrency", "0")]
    [InlineData("--concurrency", "1,x")]
    [InlineData("--rounds", "0")]
    [InlineData("--rounds", "21")]
    [InlineData("--rounds", "x")]
    [InlineData("--transports", "carrier-pigeon")]
    [InlineData("--schedule", "ttft=3000000000")]
    [InlineData("--agent", "0/2")]
    [InlineData("--threshold", "ttft p50 fast")]
    [InlineData("--junit", "/proc/x/junit.xml")]
    [InlineData("--prompts", "/nonexistent/prompts.jsonl")]
    [InlineData("--api-key-file", "/nonexistent/key")]
    public async Task Compare_BadOption_OneLineNamingIt_BeforeTheRun(string option, string value)
    {
        var watch = Stopwatch.StartNew();
        string[] run = option == "--duration" ? [.. Run(value)] : [.. Run("30s"), option, value];
        if (option == "--api-key-file")
        {
            run = [.. run, "--url", "http://127.0.0.1:9", "--model", "m"];
        }

        if (option == "--junit")
        {
            run = [.. run, "--threshold", "errors<1%"]; // so that the file, not its missing verdicts, is what is refused
        }

        var (code, _, error) = await CliRunner.RunAsync([.. run, "--out", Path.Combine(_root, "bad")]);
        BadResultsDirectory.AssertOneLine(code, error, option);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(25), $"took {watch.Elapsed}: the 30 s run was measured first");
    }

    [Fact]
    public async Task Compare_TransportWithoutItsEndpoint_OneLine_LeavesNoDirectory()
    {
        string dir = Path.Combine(_root, "made", "noWs");
        var (code, _, error) = await CliRunner.RunAsync(["compare", "--url", "http://127.0.0.1:9", "--model", "m", "--transports", "ws", "--duration", "1s", "--no-report", "--out", dir]);
        BadResultsDirectory.AssertOneLine(code, error, "no endpoint for ws: give --ws-url");
        Assert.False(Directory.Exists(Path.Combine(_root, "made")), "a refused run left the --out directory it made");
    }

    [Fact]
    public async Task Junit_WithoutThreshold_RefusedNotIgnored()
    {
        string junit = Path.Combine(_root, "j.xml");
        var (code, _, error) = await CliRunner.RunAsync([.. Run("30s"), "--junit", junit, "--out", Path.Combine(_root, "j")]);
        BadResultsDirectory.AssertOneLine(code, error, "--junit writes the --threshold verdicts: give at least one --threshold");
        Assert.False(File.Exists(junit));
    }

    /// <summary>A bad value is named with what is wrong with it, before anything is measured.</summary>
    [Theory]
    [InlineData("--concurrency", "10,10", "--concurrency: '10' is given twice in '10,10'")]
    [InlineData("--concurrency", "10,,20", "--concurrency: '10,,20' has an empty item")]
    [InlineData("--concurrency", "1.5", "--concurrency: '1.5' is not a whole number")]
    [InlineData("--concurrency", "0", "--concurrency: '0' is not a whole number from 1")]
    [InlineData("--concurrency", "-3", "--concurrency: '-3' is not a whole number from 1")]
    [InlineData("--rate", "5,5.0", "--rate: '5.0' is given twice")]
    [InlineData("--rate", "0", "--rate: '0' is not a number from")]
    [InlineData("--transports", "sse,", "--transports: 'sse,' has an empty item")]
    [InlineData("--transports", "sse,ws,SSE", "--transports: 'SSE' is given twice")]
    [InlineData("--max-requests", "0", "--max-requests must be at least 1, got 0")]
    [InlineData("--max-requests", "-5", "--max-requests must be at least 1, got -5")]
    [InlineData("--retries", "-1", "--retries must not be negative, got -1")]
    [InlineData("--saturation-ms", "0", "--saturation-ms must be above 0, got 0")]
    [InlineData("--saturation-ms", "-2.5", "--saturation-ms must be above 0, got -2.5")]
    [InlineData("--threshold", "errors < 0%", "claim 'errors < 0%' can never be met")]
    [InlineData("--threshold", "errors > 100%", "an error share is claimed below a limit")]
    [InlineData("--threshold", "errors < 101%", "must be 0–100%")]
    [InlineData("--threshold", "goodput > 100% where ttft < 1s", "can never be met")]
    [InlineData("--url", "http://127.0.0.1:70000", "--url: 'http://127.0.0.1:70000': port 70000 is out of range (1-65535)")]
    [InlineData("--url", "http://[::1]:0", "port 0 is out of range")]
    [InlineData("--url", "ftp://127.0.0.1:21", "is not an http:// or https:// URL")]
    [InlineData("--ws-url", "http://127.0.0.1:8080", "is not a ws:// or wss:// URL")]
    [InlineData("--start-at", "+25h", "more than 24 h")]
    public async Task Compare_BadValue_OneLineSayingWhatIsWrong(string option, string value, string says)
    {
        if (value == "+25h")
        {
            value = DateTimeOffset.UtcNow.AddHours(25).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }

        string[] endpoint = option is "--url" or "--ws-url" ? ["--model", "m"] : [];
        var run = Run("30s").ToList();
        if (option is "--concurrency" or "--transports" or "--rate")
        {
            run.RemoveRange(run.IndexOf(option == "--rate" ? "--concurrency" : option), 2); // the value under test replaces the run's own
        }

        var (code, _, error) = await CliRunner.RunAsync([.. run, option, value, .. endpoint, "--out", Path.Combine(_root, "bad")]).WaitAsync(TimeSpan.FromSeconds(25));
        BadResultsDirectory.AssertOneLine(code, error, says);
        Assert.False(Directory.Exists(Path.Combine(_root, "bad")), "the results directory was claimed: the value was found bad too late");
    }

    [Fact]
    public async Task Compare_StartAtWithinADay_Accepted()
    {
        // Parsed and accepted: the run then stops at the unwritable --out, which comes after it.
        string at = DateTimeOffset.UtcNow.AddHours(23).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var (code, _, error) = await CliRunner.RunAsync([.. Run("30s"), "--start-at", at, "--out", "/proc/x"]);
        BadResultsDirectory.AssertOneLine(code, error, "/proc/x");
        Assert.DoesNotContain("--start-at", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2", true)]
    [InlineData("3", false)]
    public async Task Compare_TwoRounds_SaysTheyAlmostNeverDecide(string rounds, bool noted)
    {
        // A bad --out stops the run before anything is measured; the note comes with the options.
        var (_, _, error) = await CliRunner.RunAsync([.. Run("30s"), "--rounds", rounds, "--out", "/proc/x"]);
        Assert.Equal(noted, error.Contains("take --rounds 3 or more", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Compare_EarlierRunsDirectory_RefusedThenForced_StaleVerdictsGone()
    {
        string dir = Path.Combine(_root, "run");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, ResultsDirectory.ResultsFile), "{}");
        File.WriteAllText(Path.Combine(dir, "verdicts.json"), "{\"overall\":\"met\"}");

        var refused = await CliRunner.RunAsync([.. s_shortRun, "--out", dir]);
        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "verdicts.json")));

        var forced = await CliRunner.RunAsync([.. s_shortRun, "--out", dir, "--force"]);
        Assert.True(forced.ExitCode == ExitCodes.Ok, forced.Error);
        Assert.False(File.Exists(Path.Combine(dir, "verdicts.json")), "a stale verdicts.json survived --force");
        var (run, _) = ResultsDirectory.Read(dir);
        Assert.Equal("sse", Assert.Single(run.Series).Transport);
    }

    [Theory]
    [InlineData("INT", ExitCodes.Interrupted)]
    [InlineData("TERM", ExitCodes.Terminated)]
    public async Task Compare_Signal_ExitsWithItsCode_PartialResultsSaved(string signal, int expected)
    {
        string dir = Path.Combine(_root, "sig" + signal);
        var (code, _, error) = await SignalledRun.RunAsync([.. Run("60s"), "--out", dir], signal);

        Assert.True(code == expected, $"exit {code}: {error}");
        Assert.Contains("interrupted by SIG" + signal, error, StringComparison.Ordinal);
        var (run, _) = ResultsDirectory.Read(dir);
        Assert.True(run.Partial);
        Assert.True(run.Series.Sum(s => s.Requests) > 0, "nothing measured was saved");
    }

    [Fact]
    public async Task Compare_Signal_WritesTheReport_AndPrintsItsIndexLast()
    {
        string dir = Path.Combine(_root, "sigReport");
        string[] withReport = [.. Run("60s").Where(a => a != "--no-report"), "--out", dir];
        var (code, output, error) = await SignalledRun.RunAsync(withReport, "TERM");

        Assert.True(code == ExitCodes.Terminated, $"exit {code}: {error}");
        string index = Path.Combine(dir, "index.html");
        Assert.True(File.Exists(index), $"no report after the signal: {error}");
        Assert.Equal(index, output.TrimEnd().Split('\n')[^1]);
        Assert.Contains("partial", File.ReadAllText(Path.Combine(dir, "summary.md")), StringComparison.OrdinalIgnoreCase);
    }
}
