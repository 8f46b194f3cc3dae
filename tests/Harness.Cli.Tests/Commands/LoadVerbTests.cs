using System.Diagnostics;
using Harness.Clients;
using Harness.Load;
using Harness.Load.Results;

namespace Harness.Cli.Tests.Commands;

public sealed class LoadVerbTests
{
    /// <summary>load takes stream's per-request limits: a first token 3 s away against a 0.5 s limit is a timeout.</summary>
    [Fact]
    public async Task FirstTokenTimeout_CountedAsTimeouts()
    {
        using var temp = new TempDirectory();
        string scenario = Path.Combine(temp.Path, "scenario.json");
        await File.WriteAllTextAsync(scenario, """
            { "name": "timeouts", "target": { "transport": "sse" }, "warmUp": "0s",
              "load": [ { "kind": "keepConstant", "copies": 2, "during": "2s" } ] }
            """);
        string dir = Path.Combine(temp.Path, "out");
        var (code, _, error) = await CliRunner.RunAsync("load", scenario, "--out", dir, "--no-report", "--schedule", "ttft=3000,itl=5,tokens=3", "--first-token-timeout", "0.5");
        Assert.True(code == 1, error);
        var results = ResultsDirectory.Read(dir).Results;
        var series = Assert.Single(results.Series);
        Assert.True(series.Requests >= 2, $"only {series.Requests} requests");
        Assert.Equal(series.Requests, series.Outcomes.GetValueOrDefault("timeout"));
        // The report's settings give the steps as the scenario wrote them, not a record's ToString().
        Assert.Equal("keepConstant 2 copies for 2s", results.Settings["steps"]);
    }

    /// <summary>
    /// An endpoint answering 401 to everything, with no warm-up: the run stops after the first
    /// requests, keeps them in results.json, and says why in one line.
    /// </summary>
    [Fact]
    public async Task EveryRequest401_NoWarmUp_StopsAfterTheFirstRequests_KeepingThem()
    {
        using var temp = new TempDirectory();
        string scenario = Path.Combine(temp.Path, "scenario.json");
        await File.WriteAllTextAsync(scenario, """
            { "name": "bad-key", "target": { "transport": "sse" }, "warmUp": "0s",
              "load": [ { "kind": "inject", "rate": 50, "interval": "1s", "during": "6s" } ] }
            """);
        string dir = Path.Combine(temp.Path, "out");
        var (code, _, error) = await CliRunner.RunAsync("load", scenario, "--out", dir, "--no-report", "--header", "x-fake-fault: status=401");

        Assert.True(code == ExitCodes.Failed, error);
        Assert.Matches(@"(?m)^harness: stopped: every one of the first \d+ requests failed \(http_error\(401\) \d+; first: HTTP 401: .*\)$", error);
        // The loop of 401s may pass the lag threshold: not a second "harness:" line (no latency was recorded for it to skew).
        Assert.Single(error.Split('\n'), l => l.StartsWith("harness:", StringComparison.Ordinal));
        var results = ResultsDirectory.Read(dir).Results;
        var series = Assert.Single(results.Series);
        // Before: all 300 sent. What was measured up to the stop is written.
        Assert.InRange(series.Requests, 20, 100);
        Assert.True(results.Partial);
        Assert.NotNull(series.StoppedBecause);
    }

    [Theory]
    [InlineData("--first-token-timeout", "-1")]
    [InlineData("--total-timeout", "1e9")]
    public async Task BadTimeout_OneLineNamingIt(string option, string value)
    {
        using var temp = new TempDirectory();
        string scenario = Path.Combine(temp.Path, "scenario.json");
        await File.WriteAllTextAsync(scenario, """{ "name": "t", "load": [ { "kind": "keepConstant", "copies": 1, "during": "30s" } ] }""");
        var (code, _, error) = await CliRunner.RunAsync("load", scenario, "--out", Path.Combine(temp.Path, "out"), option, value).WaitAsync(TimeSpan.FromSeconds(25));
        BadResultsDirectory.AssertOneLine(code, error, option);
    }

    [Fact]
    public async Task KilledMidRun_KeepsTheRowsMeasuredSoFar_AsWholeLines()
    {
        using var temp = new TempDirectory();
        string work = temp.Path;
        string scenario = Path.Combine(work, "scenario.json");
        await File.WriteAllTextAsync(scenario, """
            { "name": "killed", "target": { "transport": "sse" }, "warmUp": "0s",
              "load": [ { "kind": "keepConstant", "copies": 2, "during": "60s" } ] }
            """);
        string dir = Path.Combine(work, "out");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, "harness.dll"), "load", scenario, "--out", dir, "--no-report", "--schedule", "ttft=20,itl=5,tokens=5" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            // Until a few seconds of the 60 s run are on disk: requests, and seconds that have ended.
            var deadline = Stopwatch.StartNew();
            while (!(Lines(dir, ResultsDirectory.TimeSeriesFile) >= 3 && Lines(dir, ResultsDirectory.RequestsFile) >= 20))
            {
                Assert.False(process.HasExited, $"the run ended by itself (exit {(process.HasExited ? process.ExitCode : 0)}): {await Drain(stderr)}");
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(45), "rows never reached the files while the run went on");
                await Task.Delay(100);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: false); // SIGKILL: no handler, no final write
            await process.WaitForExitAsync();
            await stdout;
        }

        Assert.False(File.Exists(Path.Combine(dir, ResultsDirectory.ResultsFile)), "the run got to its end: nothing here was kept by the journal alone");
        foreach (string file in new[] { ResultsDirectory.TimeSeriesFile, ResultsDirectory.RequestsFile })
        {
            byte[] bytes = await File.ReadAllBytesAsync(Path.Combine(dir, file));
            Assert.Equal((byte)'\n', bytes[^1]);
        }

        // Every line the typed readers read back (they refuse any malformed row), with what was measured.
        var requests = ResultsFiles.ReadRequests(dir);
        Assert.True(requests.Count >= 20, $"{requests.Count} request rows");
        Assert.All(requests, r =>
        {
            Assert.Equal(RequestOutcome.Ok, r.Outcome);
            Assert.Equal(5, r.Tokens);
            Assert.InRange(r.TtftMs!.Value, 10, 5000);
        });
        var seconds = ResultsFiles.ReadTimeSeries(dir);
        Assert.True(seconds.Count >= 2, $"{seconds.Count} seconds");
        Assert.Equal(Enumerable.Range(0, seconds.Count), seconds.Select(s => s.Second));
        Assert.All(seconds, s => Assert.Equal(s.Finished, s.Outcomes[(int)RequestOutcome.Ok]));
        Assert.True(seconds.Sum(s => s.Finished) > 0, "no finished request in the seconds written");
    }

    private static int Lines(string dir, string file)
    {
        string path = Path.Combine(dir, file);
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Count(c => c == '\n') - 1;
    }

    private static async Task<string> Drain(Task<string> stderr) => stderr.IsCompleted ? await stderr : string.Empty;
}
