using Harness.Reports;
using Harness.Reports.Claims;

namespace Harness.Cli.Tests.Commands;

/// <summary>
/// <c>verify</c> without a results directory: it runs the embedded fake and judges that run (an
/// interrupted one too, as far as it got). Not run
/// beside other tests: the fake shares this process, and a parallel test class once made it 73 ms
/// late at p99 (a resolution larger than the 50 ms miss, so a verdict came out inconclusive).
/// </summary>
[Collection(nameof(CompareVerbTests))]
public sealed class VerifyVerbRunTests
{
    [Fact]
    public async Task WithoutResultsDir_RunsTheEmbeddedFake_With100msFirstToken_AndJudgesThat()
    {
        // The check, measured for real: the fake's first token comes 100 ms after the request.
        string root = Directory.CreateTempSubdirectory("verify-run-").FullName;
        string[] run = ["--transports", "sse,ws", "--concurrency", "10", "--duration", "2s", "--warmup", "500ms", "--schedule", "ttft=100,itl=5,tokens=5"];
        var notMet = await CliRunner.RunAsync(["verify", "--claim", "ttft p50 < 50ms", .. run, "--out", Path.Combine(root, "a")]);
        // On a mismatch the output says why (a saturated or failed run reads differently from a wrong verdict).
        Assert.True(notMet.ExitCode == 1 && notMet.Out.Contains("verdict: NOT met (0 met, 2 not met", StringComparison.Ordinal), $"exit {notMet.ExitCode}\n{notMet.Out}\n{notMet.Error}");

        var met = await CliRunner.RunAsync(["verify", "--claim", "ttft p50 < 150ms", .. run, "--out", Path.Combine(root, "b")]);
        Assert.True(met.ExitCode == 0 && met.Out.Contains("verdict: met (2 met", StringComparison.Ordinal), $"exit {met.ExitCode}\n{met.Out}\n{met.Error}");
        Assert.True(File.Exists(Path.Combine(root, "b", ReportWriter.IndexFile)), "the run gets its report, verdicts included");
        // stdout: the verdicts, then the report's index.html last, as compare ends (not the directory first).
        string[] lines = met.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("ttft p50 < 150ms", lines[0], StringComparison.Ordinal);
        Assert.Equal(Path.Combine(root, "b", ReportWriter.IndexFile), lines[^1]);
        Assert.Equal(VerdictStatus.Met, VerdictFile.Read(Path.Combine(root, "b"))!.Overall);
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task Interrupted_JudgesThePartialRun_AndWritesVerdictsJUnitAndReport_ExitingWithTheSignalsCode()
    {
        string root = Directory.CreateTempSubdirectory("verify-sig-").FullName;
        string dir = Path.Combine(root, "run");
        string junit = Path.Combine(root, "verify.xml");
        string[] args = ["verify", "--claim", "ttft p50 < 150ms", "--transports", "sse", "--concurrency", "2", "--duration", "60s", "--warmup", "100ms",
            "--schedule", "ttft=5,itl=2,tokens=3", "--out", dir, "--junit", junit];

        var (code, _, error) = await SignalledRun.RunAsync(args, "INT");

        Assert.True(code == Harness.Cli.ExitCodes.Interrupted, $"exit {code}: {error}");
        Assert.NotNull(VerdictFile.Read(dir));
        Assert.True(File.Exists(junit), $"no JUnit after the signal: {error}");
        Assert.True(File.Exists(Path.Combine(dir, ReportWriter.IndexFile)), $"no report after the signal: {error}");
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task EveryRequestFailing_IsStillJudged_NotMet_WithVerdictsJUnitAndReport_Exit1()
    {
        // Before: exit 1 with one line and none of the files a CI step publishes.
        string root = Directory.CreateTempSubdirectory("verify-fail-").FullName;
        string dir = Path.Combine(root, "run");
        string junit = Path.Combine(root, "verify.xml");

        var (code, output, error) = await CliRunner.RunAsync(["verify", "--claim", "ttft p50 < 150ms", "--claim", "itl p99 < 100ms", "--transports", "sse", "--concurrency", "2",
            "--duration", "1s", "--warmup", "200ms", "--header", "x-fake-fault: status=503", "--out", dir, "--junit", junit]);

        Assert.True(code == Harness.Cli.ExitCodes.Failed, $"exit {code}\n{output}\n{error}");
        Assert.Contains("every request failed", error, StringComparison.Ordinal);
        Assert.Equal(VerdictStatus.NotMet, VerdictFile.Read(dir)!.Overall);
        Assert.True(File.Exists(junit), $"no JUnit: {error}");
        Assert.True(File.Exists(Path.Combine(dir, ReportWriter.IndexFile)), $"no report: {error}");
        Directory.Delete(root, recursive: true);
    }
}
