using Harness.Load.Results;

namespace Harness.Cli.Tests;

/// <summary>
/// The no-verb main job, run for real (about a minute): every series is large enough to decide on,
/// and a p50 claim on its results gets a verdict rather than "inconclusive". Serial with the other
/// load-running classes: a second run beside it would make both figures describe the machine.
/// </summary>
[Collection(nameof(Commands.CompareVerbTests))]
public sealed class MainJobTests
{
    [Fact]
    public async Task MainJob_EverySeriesHas60Requests_AndVerifyOnItIsConclusive()
    {
        var (code, output, error) = await CliRunner.RunAsync();
        Assert.True(code == 0, error);
        string index = output.Trim().Split('\n')[^1].Trim();
        string dir = Path.GetDirectoryName(index)!;
        try
        {
            var (run, _) = ResultsDirectory.Read(dir);
            Assert.Equal(6, run.Series.Count);
            Assert.All(run.Series, s => Assert.True(s.Requests >= 60, $"{s.Transport} {s.LoadPoint}: {s.Requests} requests, fewer than the 60 a p95 verdict needs"));
            Assert.All(run.Series, s => Assert.Equal(3, s.Rounds?.Count));

            var verify = await CliRunner.RunAsync("verify", "--claim", "ttft p50 < 150ms", dir);
            Assert.True(verify.ExitCode == 0, $"exit {verify.ExitCode}: {verify.Out}{verify.Error}");
            Assert.Contains("verdict: met (6 met, 0 not met, 0 inconclusive", verify.Out, StringComparison.Ordinal);
            Assert.Contains("id=\"decision\"", File.ReadAllText(index), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
