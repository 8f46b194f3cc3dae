using Harness.Load;
using Harness.Load.Results;

namespace Harness.Cli.Tests.Commands;

/// <summary>
/// <c>compare</c> and <c>merge</c> end to end against the embedded fake: short runs (about a second
/// per series) that write a results directory and its report and print the report's path last.
/// Not run beside other tests: the two-agent test compares timings of separate runs, and harness
/// processes started by a parallel test class once put 50 ms between them on a busy machine.
/// </summary>
[Collection(nameof(CompareVerbTests))]
[CollectionDefinition(nameof(CompareVerbTests), DisableParallelization = true)]
public sealed class CompareVerbTests : IDisposable
{
    private static readonly string[] s_shortRun =
        ["--transports", "sse,ws", "--concurrency", "2", "--duration", "1s", "--warmup", "200ms", "--schedule", "ttft=20,itl=5,tokens=5"];

    private readonly string _dir = Directory.CreateTempSubdirectory("compare-verb-").FullName;

    /// <summary>The line after a transport's priming, settled or cut short by its limit (CommandPrimer.Describe).</summary>
    private static string PrimingDoneLine(string transport) =>
        $"(?m)^{transport}: (primed in [0-9.]+ s, \\d+ rounds? \\(\\d+ methods? compiled in the last [0-9.]+ s\\)|still compiling after [0-9.]+ s of priming \\(.*)$";

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ClosedPort_StopsInTheFirstWarmUp_OneLine_ExitOne_ResultsStillWritten()
    {
        // Before: 3 rounds of warm-up and a tight loop of ~20,000 refused requests, then "harness
        // saturated" ahead of the failure. Now: stopped in round 1's warm-up, and one line says why.
        string outDir = Path.Combine(_dir, "refused");
        var (code, output, error) = await CliRunner.RunAsync("compare", "--url", "http://127.0.0.1:9", "--model", "m", "--transports", "sse", "--concurrency", "4,8", "--duration", "3s", "--out", outDir, "--no-report");

        Assert.True(code == ExitCodes.Failed, error);
        Assert.Matches(@"(?m)^harness: stopped: every one of the \d+ warm-up requests failed \(connect_error \d+; first: connection refused \(127\.0\.0\.1:9\)\); nothing measured$", error);
        Assert.Single(error.Split('\n'), l => l.StartsWith("harness:", StringComparison.Ordinal));
        Assert.DoesNotContain("round 2/3", error, StringComparison.Ordinal);
        Assert.DoesNotContain("saturated", error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Path.GetFullPath(outDir), Path.GetFullPath(output.Trim()));
        var series = Assert.Single(ResultsDirectory.Read(outDir).Results.Series);
        Assert.Equal("c4", series.LoadPoint);
        Assert.Equal(0, series.Requests);
        Assert.StartsWith("every one of the ", series.StoppedBecause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswersABufferingServerHeldBack_AreNamedOnStderrAndAtTheReportsTop()
    {
        // buffer-all: the fake holds every answer back and sends it whole, as a buffering proxy does;
        // its TTFT is then the answer's whole time and its gaps near zero, which must not pass as speed.
        string outDir = Path.Combine(_dir, "buffered");
        var (code, _, error) = await CliRunner.RunAsync("compare", "--transports", "sse", "--concurrency", "2", "--duration", "1s", "--warmup", "0s", "--rounds", "1",
            "--schedule", "ttft=20,itl=10,tokens=12", "--header", "x-fake-fault: buffer-all", "--out", outDir);

        Assert.True(code == ExitCodes.Ok, error);
        var series = Assert.Single(ResultsDirectory.Read(outDir).Results.Series);
        Assert.True(series.JudgedStreams > 0 && series.BufferedStreams == series.JudgedStreams, $"{series.BufferedStreams} of {series.JudgedStreams}");
        string warning = $"sse c2: {series.BufferedStreams} of {series.JudgedStreams} answers came all at once, not streamed: a server or proxy buffered the answer";
        Assert.Contains($"harness: warning: {warning}", error, StringComparison.Ordinal);
        Assert.Contains($"at-once={series.BufferedStreams}/{series.JudgedStreams}", error, StringComparison.Ordinal);
        Assert.Contains($"<div class=\"banner bad\" id=\"buffered\">⚠ Not streamed: {warning}", await File.ReadAllTextAsync(Path.Combine(outDir, "index.html")), StringComparison.Ordinal);
        Assert.Contains($"> **Not streamed: {warning}", await File.ReadAllTextAsync(Path.Combine(outDir, "summary.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamedAnswers_AreJudged_AndNothingIsSaid()
    {
        string outDir = Path.Combine(_dir, "streamed");
        var (code, _, error) = await CliRunner.RunAsync("compare", "--transports", "sse", "--concurrency", "2", "--duration", "1s", "--warmup", "0s", "--rounds", "1",
            "--schedule", "ttft=20,itl=10,tokens=12", "--out", outDir, "--no-report");

        Assert.True(code == ExitCodes.Ok, error);
        var series = Assert.Single(ResultsDirectory.Read(outDir).Results.Series);
        Assert.True(series.JudgedStreams > 0, "judged none");
        Assert.True(series.BufferedStreams * 2 <= series.JudgedStreams, $"{series.BufferedStreams} of {series.JudgedStreams}");
        Assert.DoesNotContain("came all at once", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepStalledRounds_IsRecordedInTheResultsSettings()
    {
        string outDir = Path.Combine(_dir, "keep-stalled");
        var (code, _, error) = await CliRunner.RunAsync("compare", "--transports", "sse", "--concurrency", "2", "--duration", "1s", "--warmup", "0s", "--rounds", "1",
            "--schedule", "ttft=20,itl=10,tokens=12", "--keep-stalled-rounds", "--out", outDir, "--no-report");

        Assert.True(code == ExitCodes.Ok, error);
        Assert.Equal("true", ResultsDirectory.Read(outDir).Results.Settings["keep_stalled_rounds"]);
    }

    [Fact]
    public async Task WarmUpProgressLines_ShowTheWarmUpsRequestsAndFailures_MeasuredOnesLeaveThemOut()
    {
        // Before: "sse r20   1.0s warm-up req/s=0 active=0 done=0 errors=0 ..." while every warm-up
        // request failed. 503 is overload, so the run is not stopped: 30 warm-up requests, 20 measured.
        string outDir = Path.Combine(_dir, "warm-up");
        var (code, _, error) = await CliRunner.RunAsync("compare", "--transports", "sse", "--rate", "20", "--duration", "1s", "--warmup", "1.5s", "--rounds", "1",
            "--header", "x-fake-fault: status=503", "--out", outDir, "--no-report");

        Assert.True(code == ExitCodes.Failed, error);
        // Stderr is not a terminal here: plain lines, one a second, as before.
        Assert.DoesNotContain("\r", error, StringComparison.Ordinal);
        var warm = System.Text.RegularExpressions.Regex.Match(error, @"(?m)^sse r20 +1\.\ds warm-up of 1\.5s: active=\d+ sent=(\d+) done=(\d+) errors=(\d+)$");
        Assert.True(warm.Success, error);
        Assert.InRange(int.Parse(warm.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 10, 30);
        Assert.True(int.Parse(warm.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, error);
        Assert.Equal(warm.Groups[2].Value, warm.Groups[3].Value);
        var series = Assert.Single(ResultsDirectory.Read(outDir).Results.Series);
        Assert.Equal(20, series.Requests);
        Assert.Equal(20, series.Outcomes.GetValueOrDefault("http_error"));
    }

    [Fact]
    public async Task EveryRequestFailingFast_TheFailureIsTheHeadline_NotTheHarnessSaturating()
    {
        // 503 is overload, measured to the end; its tight failure loop keeps the scheduler busy, and a
        // threshold no loop can meet calls that saturated. No latency was recorded for the lag to skew.
        string outDir = Path.Combine(_dir, "overloaded");
        var (code, _, error) = await CliRunner.RunAsync("compare", "--transports", "sse", "--concurrency", "2", "--duration", "1s", "--warmup", "0s", "--rounds", "1",
            "--header", "x-fake-fault: status=503", "--saturation-ms", "0.0001", "--out", outDir, "--no-report");

        Assert.True(code == ExitCodes.Failed, error);
        Assert.Contains("harness: the run failed: every request failed (", error, StringComparison.Ordinal);
        Assert.DoesNotContain("HARNESS SATURATED", error, StringComparison.Ordinal);
        Assert.DoesNotContain("harness: warning: harness saturated", error, StringComparison.Ordinal);
        Assert.DoesNotContain("harness: stopped", error, StringComparison.Ordinal);
        var results = ResultsDirectory.Read(outDir).Results;
        Assert.True(results.Saturation.Saturated, "the lag is still recorded as it was");
        Assert.Null(Assert.Single(results.Series).StoppedBecause);
    }

    [Fact]
    public async Task Compare_WritesResultsAndReport_AndPrintsTheIndexPathLast()
    {
        string outDir = Path.Combine(_dir, "run");
        var (code, output, error) = await CliRunner.RunAsync(["compare", .. s_shortRun, "--out", outDir]);

        Assert.True(code == 0, error);
        string index = Path.GetFullPath(Path.Combine(outDir, "index.html"));
        Assert.Equal(index, Path.GetFullPath(output.Trim().Split('\n')[^1].Trim()));
        // The answer's one sentence, last before the results' place on stderr (on a busy runner a
        // round of this short run can saturate the harness, and the sentence then says so instead).
        Assert.Matches(@"(?m)^In short: (.* answers in the report|not decided at all: the harness was saturated).*\.\nresults: ", error);
        Assert.True(File.Exists(index));
        var (run, _) = ResultsDirectory.Read(outDir);
        Assert.Equal(["sse", "ws"], run.Series.Select(s => s.Transport).Order());
        Assert.All(run.Series, s =>
        {
            Assert.True(s.Requests > 0, $"{s.Transport}: no requests");
            Assert.Equal(s.Requests, s.Outcomes["ok"]);
            // The embedded fake's own lateness: 2 streams, a token at most every 5 ms, a 1 s window
            // (and its drain) hold at most a few hundred events.
            Assert.NotNull(s.FakeLateness);
            Assert.InRange(s.FakeLateness.Events, 1, 2 * 1000 / 5 * 2);
            Assert.True(s.FakeLateness.P99Ms <= s.FakeLateness.MaxMs);
            // And how late its scheduler thread itself released, which says where a stall was.
            Assert.True(s.FakeLateness.SchedulerMaxMs >= 0, $"{s.Transport}: no scheduler release lateness");
        });
        string header = File.ReadLines(Path.Combine(outDir, ResultsDirectory.TimeSeriesFile)).First();
        Assert.Contains(",ws_closed,", header, StringComparison.Ordinal);

        // Measured in the default three interleaved rounds, joined into one series each: one
        // timeseries.csv row per second of a series, none twice.
        Assert.All(run.Series, s => Assert.Equal([1, 2, 3], s.Rounds!.Select(r => r.Round)));
        Assert.All(run.Series, s => Assert.Equal(s.Requests, s.Rounds!.Sum(r => r.Requests)));
        var seconds = ResultsFiles.ReadTimeSeries(outDir).GroupBy(r => (r.Transport, r.LoadPoint));
        Assert.All(seconds, g => Assert.Equal(g.Count(), g.Select(r => r.Second).Distinct().Count()));
        Assert.Equal("3", run.Settings["rounds"]);
        // Measuring a stalled round again is the default, recorded only when it was turned off.
        Assert.False(run.Settings.ContainsKey("keep_stalled_rounds"));
    }

    [Fact]
    public async Task TwoAgents_MergeIntoOneRun_WithTheirRequestsSummed()
    {
        // Side by side (merge refuses agents measured one after another), each in its own process; a
        // 1 s drain timeout keeps the aligned slots short.
        string a = Path.Combine(_dir, "a"), b = Path.Combine(_dir, "b"), merged = Path.Combine(_dir, "merged");
        string startAt = DateTimeOffset.UtcNow.AddSeconds(15).ToString("o", System.Globalization.CultureInfo.InvariantCulture);
        var agents = await Task.WhenAll(
            CliRunner.RunProcessAsync([], ["compare", .. s_shortRun, "--agent", "1/2", "--start-at", startAt, "--drain-timeout", "1s", "--no-report", "--out", a]),
            CliRunner.RunProcessAsync([], ["compare", .. s_shortRun, "--agent", "2/2", "--start-at", startAt, "--drain-timeout", "1s", "--no-report", "--out", b]));
        var (first, second) = (agents[0], agents[1]);
        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first.Error + second.Error);
        Assert.Equal(Path.GetFullPath(a), Path.GetFullPath(first.Out.Trim()));
        // Six blocks (two transports, three rounds) of 0.2 s warm-up, 1/3 s, 1 s drain and 2 s margin.
        Assert.Contains("aligned: 6 blocks in slots of 3.5 s (warm-up, duration, --drain-timeout 1s and 2 s)", first.Error, StringComparison.Ordinal);

        var (code, output, error) = await CliRunner.RunAsync("merge", a, b, "--out", merged);

        Assert.True(code == 0, error);
        Assert.DoesNotContain("warning", error, StringComparison.Ordinal);
        Assert.Equal(Path.GetFullPath(Path.Combine(merged, "index.html")), Path.GetFullPath(output.Trim()));
        long Requests(string dir, string transport) => ResultsDirectory.Read(dir).Results.Series.Single(s => s.Transport == transport).Requests;
        foreach (string transport in new[] { "sse", "ws" })
        {
            Assert.Equal(Requests(a, transport) + Requests(b, transport), Requests(merged, transport));
        }

        // Each agent had its own fake; their lateness percentiles cannot be added, so merge keeps the
        // worst agent's (never a bolder answer than an agent's); their rounds, which overlapped in
        // time, cannot be merged and are dropped.
        Assert.All(ResultsDirectory.Read(a).Results.Series, s => Assert.NotNull(s.FakeLateness));
        foreach (var s in ResultsDirectory.Read(merged).Results.Series)
        {
            double worst = new[] { a, b }.Max(d => ResultsDirectory.Read(d).Results.Series.Single(x => x.Transport == s.Transport).FakeLateness!.P99Ms);
            Assert.Equal(worst, s.FakeLateness!.P99Ms);
        }

        Assert.All(ResultsDirectory.Read(a).Results.Series, s => Assert.Equal(3, s.Rounds!.Count));
        Assert.All(ResultsDirectory.Read(merged).Results.Series, s => Assert.Null(s.Rounds));
    }

    [Fact]
    public async Task TwoAgentProcesses_StartedTogether_MergeToTheSingleProcessRun()
    {
        // The open model makes the counts exact: 20 req/s for 2 s is 40 requests, 20 per agent (in one
        // block: a third of 2 s at 20 req/s is not a whole number of requests).
        string[] scenario = ["compare", "--transports", "sse", "--rate", "20", "--duration", "2s", "--warmup", "0s", "--rounds", "1", "--schedule", "ttft=50,itl=5,tokens=5", "--no-report"];
        string single = Path.Combine(_dir, "single"), a = Path.Combine(_dir, "agent1"), b = Path.Combine(_dir, "agent2"), merged = Path.Combine(_dir, "merged");
        // Two processes starting their embedded fakes at once took 5.5-6.7 s here, idle; an agent not
        // ready a second after --start-at refuses to run.
        string startAt = DateTimeOffset.UtcNow.AddSeconds(15).ToString("o", System.Globalization.CultureInfo.InvariantCulture);

        var agents = await Task.WhenAll(
            CliRunner.RunProcessAsync([], [.. scenario, "--agent", "1/2", "--start-at", startAt, "--out", a]),
            CliRunner.RunProcessAsync([], [.. scenario, "--agent", "2/2", "--start-at", startAt, "--out", b]));
        Assert.All(agents, r => Assert.True(r.ExitCode == 0, r.Error));
        var one = await CliRunner.RunProcessAsync([], [.. scenario, "--out", single]);
        Assert.True(one.ExitCode == 0, one.Error);
        var merge = await CliRunner.RunAsync("merge", a, b, "--out", merged, "--no-report");
        Assert.True(merge.ExitCode == 0, merge.Error);

        var (singleRun, singleHistograms) = ResultsDirectory.Read(single);
        var (mergedRun, mergedHistograms) = ResultsDirectory.Read(merged);
        var (agentRun, agentHistograms) = ResultsDirectory.Read(a);
        var s1 = singleRun.Series.Single();
        var m = mergedRun.Series.Single();
        Assert.Equal(40, s1.Requests);
        Assert.Equal(s1.Requests, m.Requests);
        Assert.Equal(20, agentRun.Series.Single().Requests);
        Assert.Equal(m.Requests, m.Outcomes["ok"]);
        Assert.Equal(s1.Tokens, m.Tokens);

        // The merge is lossless: the merged TTFT histogram holds every agent's sample, value for
        // value (the histograms keep 3 significant digits).
        var mergedTtft = mergedHistograms.Get("sse", m.LoadPoint, "ttft");
        Assert.Equal(40, mergedTtft.TotalCount);
        var agentTtft = agentHistograms.Get("sse", agentRun.Series.Single().LoadPoint, "ttft");
        var (otherRun, otherHistograms) = ResultsDirectory.Read(b);
        var sum = agentTtft.Copy();
        sum.Add(otherHistograms.Get("sse", otherRun.Series.Single().LoadPoint, "ttft"));
        Assert.Equal(20, agentTtft.TotalCount);
        double Ms(HdrHistogram.HistogramBase h, double p) => h.GetValueAtPercentile(p) / 1000.0;
        foreach (double p in new[] { 0, 50, 90, 99, 100 })
        {
            Assert.Equal(Ms(sum, p), Ms(mergedTtft, p));
        }

        // Against the single-process run the medians agree within the timing noise of two runs
        // on a shared machine (the two agents ran at the same time, so they also shared the CPU;
        // under a busy loop on each core they were once 12 ms apart).
        var singleTtft = singleHistograms.Get("sse", s1.LoadPoint, "ttft");
        Assert.InRange(Ms(mergedTtft, 50), Ms(singleTtft, 50) - 25, Ms(singleTtft, 50) + 25);
        Assert.InRange(Ms(mergedTtft, 50), 50, 150);
    }

    [Fact]
    public async Task AgainstARealEndpoint_PrimedThroughAStandIn_TheEndpointServesOnlyTheMeasuredRequests()
    {
        await using var endpoint = await Harness.Fakes.FakeServer.StartAsync(new Harness.Fakes.FakeServerOptions { Schedule = Harness.Core.Schedule.TokenSchedule.Parse("ttft=20,itl=5,tokens=5") });
        string outDir = Path.Combine(_dir, "real");

        var (code, _, error) = await CliRunner.RunAsync("compare", "--url", endpoint.HttpBaseUrl.ToString(), "--model", "fake", "--transports", "sse",
            "--concurrency", "2", "--duration", "1s", "--warmup", "0s", "--no-report", "--out", outDir);

        Assert.True(code == 0, error);
        Assert.Contains("sse: priming the JIT with unmeasured load against a stand-in fake in this process, so the endpoint gets none", error, StringComparison.Ordinal);
        Assert.Matches("(?m)^sse: (primed in|still compiling after) ", error);
        // No warm-up: every request the endpoint saw was measured, or set aside with a round measured
        // again because the machine stood still in it (kept in results.json either way).
        var series = ResultsDirectory.Read(outDir).Results.Series.Single();
        Assert.Equal(series.Requests + (series.SetAside ?? []).Sum(r => r.Requests), endpoint.Counters.RequestsStarted);
    }

    [Fact]
    public async Task AgainstTheEmbeddedFake_PrimingIgnoresTheRunsSlowScheduleAndShortTimeouts()
    {
        // Every measured request times out (first token at 3 s, limit 0.5 s); priming through the
        // run's own client and fake timed out every request too, for 13 s, and left the code cold.
        var (_, _, error) = await CliRunner.RunAsync("compare", "--transports", "sse", "--concurrency", "1", "--duration", "500ms", "--warmup", "0s",
            "--rounds", "1", "--schedule", "ttft=3000,itl=5,tokens=3", "--first-token-timeout", "0.5", "--no-report", "--out", Path.Combine(_dir, "slow"));

        Assert.Contains("sse: priming the JIT with unmeasured load against a stand-in fake in this process, fast streams whatever the run's schedule and limits", error, StringComparison.Ordinal);
        Assert.Matches(PrimingDoneLine("sse"), error);
        Assert.Contains("every request failed", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgainstATlsEndpoint_TheStandInPrimesOverTls_AndEveryPrimingRequestSucceeds()
    {
        // The endpoint's self-signed certificate is not trusted here, so its measured requests fail;
        // the stand-in's clients accept the stand-in's own certificate alone.
        await using var endpoint = await Harness.Fakes.FakeServer.StartAsync(new Harness.Fakes.FakeServerOptions { Tls = true, Schedule = Harness.Core.Schedule.TokenSchedule.Parse("ttft=20,itl=5,tokens=5") });

        var (_, _, error) = await CliRunner.RunAsync("compare", "--url", endpoint.HttpsBaseUrl!.ToString(), "--ws-url", endpoint.WssUrl!.ToString(), "--model", "fake",
            "--transports", "sse,sse-h2,ws", "--concurrency", "1", "--duration", "200ms", "--warmup", "0s", "--no-report", "--out", Path.Combine(_dir, "tls"));

        foreach (string transport in new[] { "sse", "sse-h2", "ws" })
        {
            Assert.Contains($"{transport}: priming the JIT with unmeasured load against a stand-in fake in this process, over TLS like the endpoint, which gets none", error, StringComparison.Ordinal);
            Assert.Matches(PrimingDoneLine(transport), error);
        }

        Assert.DoesNotContain("priming requests failed", error, StringComparison.Ordinal);
    }

    [Fact]
    public void PrimingLine_NamesFailedPrimingRequests()
    {
        var report = new PrimingReport(Harness.Clients.Transport.Sse, 2, TimeSpan.FromSeconds(0.44), true, 40, TimeSpan.FromSeconds(0.25), 200, new Dictionary<string, long> { ["connect_error"] = 150, ["timeout"] = 50 });

        Assert.Equal(
            "sse: primed in 0.4 s, 2 rounds (40 methods compiled in the last 0.25 s), but 200 of 200 priming requests failed (connect_error 150, timeout 50): the code a stream takes may still be cold in the first measured requests",
            Harness.Cli.Commands.CommandPrimer.Describe(report));
    }

    [Fact]
    public void OnOneCpu_TheTierUpDelayIsNamed_WithTheSwitchThatRemovesIt()
    {
        Assert.Null(Harness.Cli.Commands.CommandPrimer.TierUpAdvice(TimeSpan.FromMilliseconds(100)));
        Assert.Null(Harness.Cli.Commands.CommandPrimer.TierUpAdvice(TimeSpan.Zero));
        Assert.Equal(
            "harness: the runtime waits 1 s after new code before recompiling hot code (its default when the process may use one CPU), so measured seconds may run unoptimised code; set DOTNET_TC_CallCountingDelayMs=0 (run.sh and the container image do)",
            Harness.Cli.Commands.CommandPrimer.TierUpAdvice(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void UnderTheFloor_TheYoungGenerationsCapIsNamed_WithTheSwitchThatRaisesIt()
    {
        Assert.Null(Harness.Cli.Commands.CommandPrimer.YoungGenerationAdvice(smallCap: null));
        Assert.Equal(
            "harness: the runtime caps the young generation at 6 MB here (workstation GC; server GC needs more than one CPU), so under load it is collected about every second and each pause holds up the tokens due in it; set DOTNET_GCgen0size=0x2000000 for a 32 MB floor (run.sh and the container image do)",
            Harness.Cli.Commands.CommandPrimer.YoungGenerationAdvice(smallCap: 6L << 20));
    }

    [Fact]
    public void PrimingLine_SaysWhenTheLimitCutItShort()
    {
        var report = new PrimingReport(Harness.Clients.Transport.WebSocket, 130, TimeSpan.FromSeconds(20.03), false, 180, TimeSpan.FromSeconds(2.5), 13_000, new Dictionary<string, long>());

        Assert.Equal(
            "ws: still compiling after 20.0 s of priming (180 methods in the last 2.5 s): the first measured requests may run code not yet at its final tier",
            Harness.Cli.Commands.CommandPrimer.Describe(report));
    }

    [Theory]
    [InlineData("--cold", "--warm")]
    [InlineData("--concurrency", "0")]
    [InlineData("--concurrency", "10", "--rate", "5")]
    [InlineData("--find-capacity", "--rounds", "2")]
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

    /// <summary>
    /// The per-request limits reach the clients under load: a first token 3 s away, a limit of
    /// 0.5 s, and every measured request is counted as timeout(first_token) rather than waited for.
    /// </summary>
    [Fact]
    public async Task Compare_FirstTokenTimeout_CountedAsTimeouts()
    {
        string outDir = Path.Combine(_dir, "timeouts");
        var (code, _, error) = await CliRunner.RunAsync(
            "compare", "--transports", "sse", "--concurrency", "2", "--rounds", "1", "--duration", "2s", "--warmup", "100ms",
            "--schedule", "ttft=3000,itl=5,tokens=3", "--first-token-timeout", "0.5", "--no-report", "--out", outDir);
        Assert.True(code == ExitCodes.Failed, error); // every request failed: the run failed
        Assert.Contains("every request failed", error, StringComparison.Ordinal);
        Assert.Contains("; first: no first token within 0.5 s (--first-token-timeout))", error, StringComparison.Ordinal);
        var series = Assert.Single(ResultsDirectory.Read(outDir).Results.Series);
        Assert.True(series.Requests >= 2, $"only {series.Requests} requests");
        Assert.Equal(series.Requests, series.Outcomes.GetValueOrDefault("timeout"));
        var rows = await File.ReadAllTextAsync(Path.Combine(outDir, ResultsDirectory.RequestsFile));
        Assert.Contains("first_token", rows, StringComparison.Ordinal);
    }
}
