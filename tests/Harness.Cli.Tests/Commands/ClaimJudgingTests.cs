using System.Text.Json;
using Harness.Cli.Commands;
using Harness.Fakes;
using Harness.Reports.Claims;
using Harness.Reports.Tests.JUnit;

namespace Harness.Cli.Tests.Commands;

/// <summary>
/// SLOs that count failures, end to end: the embedded fake fails a seeded half of its requests
/// with 429 (<c>x-fake-fault: status=429,share=0.5</c>, sent with <c>--header</c>).
/// </summary>
[Collection(nameof(CompareVerbTests))]
public sealed class ClaimJudgingTests : IDisposable
{
    private static readonly string[] s_run = ["--transports", "sse", "--concurrency", "4", "--duration", "2s", "--warmup", "200ms", "--schedule", "ttft=20,itl=5,tokens=5"];

    private readonly string _dir = Directory.CreateTempSubdirectory("claims-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AnArrivalClaim_OnALoadRun_RefusedNamingTheVerbThatMeasuresIt()
    {
        var ex = Assert.Throws<UsageException>(() => ClaimJudging.Parse(["arrival p50 < 5ms"], "--claim"));
        Assert.Equal("--claim: 'arrival p50 < 5ms': arrival (when the average token came) is measured by harness overhead only, where it is what a relay adds to a token", ex.Message);
    }

    /// <summary>Overhead measures arrival, and its help names it: the shared parser refused it there too.</summary>
    [Fact]
    public void AnArrivalClaim_OnOverhead_IsTaken_AndABadClaimIsToldOverheadsGrammarOnly()
    {
        var claim = Assert.Single(ClaimJudging.Parse(["arrival p50 < 5ms"], "--claim", Harness.Load.Overhead.OverheadSamples.Metrics));
        Assert.Equal("arrival", Assert.IsType<LatencyClaim>(claim).Metric);

        var unread = Assert.Throws<UsageException>(() => ClaimJudging.Parse(["foo"], "--claim", Harness.Load.Overhead.OverheadSamples.Metrics));
        Assert.Equal("--claim: cannot read claim 'foo': expected a latency claim on the overhead like \"ttft p50 < 50ms\" (metrics connect, ttfb, ttft, itl, arrival, e2e)", unread.Message);
    }

    [Fact]
    public async Task HalfFailingWith429_TtftTpotAndErrorClaims_Exit1_AndGoodputIsAboutHalf()
    {
        string outDir = Path.Combine(_dir, "run"), junit = Path.Combine(_dir, "verify.xml");
        var (code, output, error) = await CliRunner.RunAsync([
            "verify", "--claim", "ttft p50 < 500ms", "--claim", "errors < 1%", "--claim", "goodput >= 95% where ttft < 500ms, e2e < 10s",
            "--claim", "http_error(429) < 90%", "--claim", "tpot p50 < 500ms",
            .. s_run, "--header", "x-fake-fault: status=429,share=0.5", "--out", outDir, "--junit", junit]);

        Assert.True(code == ExitCodes.Failed, output + error);
        var verdicts = VerdictFile.Read(outDir)!.Verdicts;
        var errors = verdicts.Single(v => v.Claim == "errors < 1%");
        Assert.Equal(VerdictStatus.NotMet, errors.Status);
        var goodput = verdicts.Single(v => v.Metric == "goodput");
        Assert.InRange(goodput.Estimate!.Value, 30, 70);
        Assert.Equal(VerdictStatus.NotMet, goodput.Status);
        // Failures are never dropped: the TTFT claim rests on every finished request.
        var ttft = verdicts.Single(v => v.Metric == "ttft");
        Assert.True(ttft.FailedRequests > 0, ttft.Reason);
        Assert.Equal(ttft.SampleSize, errors.SampleSize);
        // TPOT too: every answer here has five tokens, so its failed requests are the TTFT claim's.
        var tpot = verdicts.Single(v => v.Metric == "tpot");
        Assert.Equal(ttft.FailedRequests, tpot.FailedRequests);
        Assert.Equal(ttft.SampleSize, tpot.SampleSize);
        Assert.Equal(VerdictStatus.Met, verdicts.Single(v => v.Claim == "http_error(429) < 90%").Status);

        var cases = JUnitFile.Cases(JUnitFile.Validate(junit));
        Assert.Equal(5, cases.Count);
        Assert.Contains(cases, c => c.Attribute("name")!.Value == "errors < 1%" && c.Element("failure") is not null);
    }

    [Fact]
    public async Task Compare_Threshold_NotMet_Exits1_Met_Exits0()
    {
        var notMet = await CliRunner.RunAsync(["compare", .. s_run, "--no-report", "--out", Path.Combine(_dir, "a"), "--threshold", "requests/s >= 1000000", "--junit", Path.Combine(_dir, "a.xml")]);
        Assert.True(notMet.ExitCode == ExitCodes.Failed, notMet.Out + notMet.Error);
        Assert.Single(JUnitFile.Cases(JUnitFile.Validate(Path.Combine(_dir, "a.xml"))));

        var met = await CliRunner.RunAsync(["compare", .. s_run, "--no-report", "--out", Path.Combine(_dir, "b"), "--threshold", "errors < 50%", "--threshold", "ttft p50 < 5s"]);
        Assert.True(met.ExitCode == ExitCodes.Ok, met.Out + met.Error);
    }

    [Fact]
    public async Task Load_ScenarioThresholds_AreJudged()
    {
        string scenario = Path.Combine(_dir, "s.json");
        File.WriteAllText(scenario, """
            { "target": { "model": "fake/ttft=10,itl=2,tokens=3" }, "thresholds": ["requests/s >= 1000000"],
              "load": [{ "kind": "keepConstant", "copies": 2, "during": "1s" }] }
            """);
        var (code, output, error) = await CliRunner.RunAsync("load", scenario, "--no-report", "--out", Path.Combine(_dir, "load"));
        Assert.True(code == ExitCodes.Failed, output + error);
        Assert.Contains("requests/s >= 1000000", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Conformance_Junit_ACasePerCheck_SkippedSkipped_Valid()
    {
        await using var fake = await FakeServer.StartAsync(new FakeServerOptions());
        string junit = Path.Combine(_dir, "conformance.xml");
        var (code, output, error) = await CliRunner.RunAsync("conformance", "--url", fake.HttpBaseUrl.ToString(), "--model", "fake", "--out", Path.Combine(_dir, "conf"), "--junit", junit);
        Assert.True(code == ExitCodes.Ok, output + error);
        var doc = JUnitFile.Validate(junit);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "conf", "conformance.json")));
        int checks = json.RootElement.GetProperty("checks").GetArrayLength();
        Assert.Equal(checks, JUnitFile.Cases(doc).Count);
        // Without --ws-url the ws.* checks skip, and skipped stays skipped in JUnit.
        Assert.Contains(JUnitFile.Cases(doc), c => c.Element("skipped") is not null && c.Attribute("classname")!.Value == "conformance.ws");
    }
}
