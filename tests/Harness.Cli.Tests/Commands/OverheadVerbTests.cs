using System.Text.Json;
using System.Text.RegularExpressions;
using Harness.Cli.Tests.Relay;
using Harness.Core.Schedule;
using Harness.Fakes;
using Harness.Load.Overhead;
using Xunit.Abstractions;

namespace Harness.Cli.Tests.Commands;

/// <summary>
/// <c>overhead</c> end to end: the harness's fake as the upstream, a real reverse proxy (YARP) in
/// front of it as the relay, with delays the test injects, over SSE and WebSocket. Serial with the
/// other timing-bound verb tests: a second run on the machine would land in the figures.
/// </summary>
[Collection(nameof(CompareVerbTests))]
public sealed class OverheadVerbTests(ITestOutputHelper log) : IDisposable
{
    // Runs of a verdict test in all, when the harness's own pauses or saturation leave it undecided.
    private const int JudgedAttempts = 3;

    private static readonly TokenSchedule s_schedule = TokenSchedule.Parse("ttft=20,itl=10,tokens=8");

    // Answers long enough to judge whether they were streamed (last token at 155 ms).
    private static readonly TokenSchedule s_judgedSchedule = TokenSchedule.Parse("ttft=20,itl=15,tokens=10");

    // Where each run saves itself, not the test's working directory.
    private readonly string _saved = Directory.CreateTempSubdirectory("overhead-verb-runs-").FullName;
    private int _runs;

    public void Dispose() => Directory.Delete(_saved, recursive: true);

    public static TheoryData<string> Transports => new() { "sse", "ws" };

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task RelayAdding30msBeforeForwarding_Under100Met_Under5NotMet(string transport)
    {
        await using var fake = await StartFakeAsync();
        await using var relay = await DelayingRelay.StartAsync(fake.HttpBaseUrl, requestDelay: TimeSpan.FromMilliseconds(30));
        string[] Runs() => [.. Run(fake, relay, transport), "--concurrency", "2", "--duration", "2.5s", "--json"];

        string dir = Directory.CreateTempSubdirectory("overhead-verb-").FullName;
        string png = Path.Combine(dir, "overhead.png"), metXml = Path.Combine(dir, "met.xml"), notMetXml = Path.Combine(dir, "not-met.xml");
        // Thresholds far from the 30 ms added: a busy machine's lag (a saturated harness's verdict
        // within its lag is inconclusive) cannot turn them.
        // A run made again writes its chart and JUnit where the last one did, which the verb refuses to overwrite.
        var met = await UntilJudgedAsync(_ =>
        {
            File.Delete(png);
            File.Delete(metXml);
            return CliRunner.RunAsync([.. Runs(), "--claim", "ttft p50 < 100ms", "--chart", png, "--junit", metXml]);
        });
        Assert.True(met.ExitCode == 0, $"exit {met.ExitCode}: {met.Error}{met.Out}");
        using (var json = JsonDocument.Parse(met.Out))
        {
            var root = json.RootElement;
            Assert.Equal(transport, root.GetProperty("transport").GetString());
            Assert.Equal(s_schedule.ToCompactString(), root.GetProperty("schedule").GetString());
            var ttft = Metric(root, "ttft");
            Assert.Equal(20, ttft.GetProperty("scheduleMs").GetDouble());
            // However busy the machine, the relay cannot add less than the delay it was given.
            Assert.True(TtftP50(root) >= 29.5, $"overhead {TtftP50(root)} ms < the 30 ms injected");
            Assert.Equal("met", root.GetProperty("claims")[0].GetProperty("status").GetString());
            Assert.Equal(0, root.GetProperty("viaOnlyFailures").GetInt64());
        }

        // A progress line every two seconds on stderr, never on stdout (which is the one JSON object).
        Assert.Contains($"overhead {transport} c2 ", met.Error, StringComparison.Ordinal);

        // The chart: the overhead's percentile ladder, at the report's size.
        byte[] header = File.ReadAllBytes(png)[..24];
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], header[..4]);
        Assert.Equal(960, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16, 4)));
        var passed = Harness.Reports.Tests.JUnit.JUnitFile.Cases(Harness.Reports.Tests.JUnit.JUnitFile.Validate(metXml));
        // Named by the canonical claim, as verify and --threshold name theirs (written "ttft p50 < 100ms").
        Assert.Equal("ttft p50 < 100 ms", Assert.Single(passed).Attribute("name")!.Value);
        Assert.Empty(passed[0].Elements());

        var notMet = await UntilJudgedAsync(_ =>
        {
            File.Delete(notMetXml);
            return CliRunner.RunAsync([.. Runs(), "--claim", "ttft p50 < 5ms", "--junit", notMetXml]);
        });
        Assert.True(notMet.ExitCode == 1, $"exit {notMet.ExitCode}: {notMet.Error}{notMet.Out}");
        using (var json = JsonDocument.Parse(notMet.Out))
        {
            Assert.Equal("not_met", json.RootElement.GetProperty("overall").GetString());
        }

        var failed = Assert.Single(Harness.Reports.Tests.JUnit.JUnitFile.Cases(Harness.Reports.Tests.JUnit.JUnitFile.Validate(notMetXml)));
        Assert.Equal($"overhead.{transport}.c2", failed.Attribute("classname")!.Value);
        Assert.NotNull(failed.Element("failure"));
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>
    /// The issue's accuracy bound: the injected 30 ms comes back as 30 ± 2 ms at p50. On a saturated
    /// machine every hop through the relay waits for a CPU and adds its own milliseconds, so the
    /// bound is checked where the machine has CPU to spare.
    /// </summary>
    [QuietMachineTheory]
    [MemberData(nameof(Transports))]
    public async Task RelayAdding30msBeforeForwarding_TtftOverheadIs30Within2ms(string transport)
    {
        await using var fake = await StartFakeAsync();
        await using var relay = await DelayingRelay.StartAsync(fake.HttpBaseUrl, requestDelay: TimeSpan.FromMilliseconds(30));
        var (code, output, error) = await CliRunner.RunAsync([.. Run(fake, relay, transport), "--concurrency", "2", "--duration", "2.5s", "--json"]);

        Assert.True(code == 0, $"exit {code}: {error}{output}");
        using var json = JsonDocument.Parse(output);
        Assert.InRange(TtftP50(json.RootElement), 28, 32);
        Assert.InRange(Metric(json.RootElement, "ttft").GetProperty("paired").GetProperty("medianMs").GetDouble(), 28, 32);
    }

    /// <summary>
    /// A millisecond bound like the 30 ± 2 ms one: at load 17 on 2 cores the relay's copy loop falls
    /// behind the 10 ms gaps and reads several chunks at once (one write, one step), so it runs
    /// where the machine has CPU to spare.
    /// </summary>
    [QuietMachineTheory]
    [MemberData(nameof(Transports))]
    public async Task RelayAdding2msPerChunk_SeenInItlOverhead(string transport)
    {
        await using var fake = await StartFakeAsync();
        await using var relay = await DelayingRelay.StartAsync(fake.HttpBaseUrl, chunkDelay: TimeSpan.FromMilliseconds(2));
        var (code, output, error) = await CliRunner.RunAsync([.. Run(fake, relay, transport), "--concurrency", "2", "--duration", "2s", "--json"]);

        Assert.True(code == 0, $"exit {code}: {error}{output}");
        using var json = JsonDocument.Parse(output);
        var itl = Metric(json.RootElement, "itl");
        Assert.Equal(10, itl.GetProperty("scheduleMs").GetDouble());
        var p50 = itl.GetProperty("percentiles").EnumerateArray().Single(p => p.GetProperty("percentile").GetDouble() == 50);
        Assert.InRange(p50.GetProperty("overheadMs").GetDouble(), 1, 3);
        Assert.True(p50.GetProperty("ciLowMs").GetDouble() > 0, "the added 2 ms must be detectable: " + p50);
        Assert.InRange(itl.GetProperty("paired").GetProperty("medianMs").GetDouble(), 1, 3);
    }

    [Fact]
    public async Task RelayFailingEverySecondRequest_ClaimNotMet_ThoughItsLatencyWouldPass()
    {
        // Half the relayed requests fail, none direct: enough, even in a few pairs on a busy machine,
        // for the exact test to tell the relay's failures from chance (6 against none decide).
        await using var fake = await StartFakeAsync();
        await using var relay = await DelayingRelay.StartAsync(fake.HttpBaseUrl, failEvery: 2);
        string dir = Path.Combine(_saved, "failing");
        var (code, output, error) = await CliRunner.RunAsync([.. Run(fake, relay, "sse", dir), "--concurrency", "2", "--duration", "2s", "--json", "--claim", "ttft p50 < 50ms"]);

        Assert.True(code == 1, $"exit {code}: {error}{output}");
        Assert.True(relay.Failed > 0);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.True(root.GetProperty("viaOnlyFailures").GetInt64() > 0);
        Assert.Equal(0, root.GetProperty("directOnlyFailures").GetInt64());
        Assert.True(root.GetProperty("viaOutcomes").GetProperty("http_error(502)").GetInt64() > 0, output);
        var claim = root.GetProperty("claims")[0];
        Assert.Equal("not_met", claim.GetProperty("status").GetString());
        Assert.Contains("the relay failed", claim.GetProperty("reason").GetString(), StringComparison.Ordinal);
        // The relay's successful requests are fast: latency alone would have met the claim.
        Assert.True(claim.GetProperty("ciHighMs").GetDouble() < 50, claim.ToString());

        // The status is saved with each pair: judged again, the same report.
        var again = await CliRunner.RunAsync("overhead", "--from", dir, "--json", "--claim", "ttft p50 < 50ms");
        Assert.True(again.ExitCode == 1, again.Error);
        Assert.Equal(output.Trim(), again.Out.Trim());

        // A report whose failure counts are not its pairs' (one relay-only failure counted as the
        // direct endpoint's, each side's outcomes unchanged): refused in one line, exit 2.
        string reportPath = Path.Combine(dir, "overhead.json");
        string savedReport = File.ReadAllText(reportPath);
        var edited = System.Text.Json.Nodes.JsonNode.Parse(savedReport)!;
        long viaOnly = (long)edited["viaOnlyFailures"]!;
        edited["viaOnlyFailures"] = viaOnly - 1;
        edited["directOnlyFailures"] = (long)edited["directOnlyFailures"]! + 1;
        File.WriteAllText(reportPath, edited.ToJsonString());
        var refused = await CliRunner.RunAsync("overhead", "--from", dir, "--json");
        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        Assert.Equal($"harness: {Path.Combine(dir, "pairs.csv")}: {viaOnly} pairs the relay alone failed, but overhead.json counts {viaOnly - 1}", refused.Error.Trim());
        File.WriteAllText(reportPath, savedReport);
    }

    [Fact]
    public async Task RelayHoldingAnswersBack_WhileTheDirectPathStreams_IsSaid_ItlClaimInconclusive_TtftStands()
    {
        // Answers long enough to judge, streamed directly; the relay sends each whole when it ends.
        await using var fake = await StartFakeAsync(s_judgedSchedule);
        await using var relay = await DelayingRelay.StartAsync(fake.HttpBaseUrl, holdAnswers: true);
        string dir = Path.Combine(_saved, "held-back");
        string[] claims = ["--claim", "itl p50 < 5ms", "--claim", "ttft p50 < 1000ms"];
        var (code, output, error) = await CliRunner.RunAsync([.. Run(fake, relay, "sse", dir), "--concurrency", "2", "--duration", "60s", "--max-pairs", "16", "--json", .. claims]);

        Assert.True(code == ExitCodes.Inconclusive, $"exit {code}: {error}{output}");
        using (var json = JsonDocument.Parse(output))
        {
            var root = json.RootElement;
            Assert.Equal(16, root.GetProperty("viaJudgedStreams").GetInt64());
            Assert.Equal(16, root.GetProperty("viaBufferedStreams").GetInt64());
            Assert.Equal(16, root.GetProperty("directJudgedStreams").GetInt64());
            Assert.Equal(0, root.GetProperty("directBufferedStreams").GetInt64());
            Assert.StartsWith("16 of 16 answers through the relay came all at once, not streamed (direct: 0 of 16): the relay holds answers back", root.GetProperty("heldBack").GetString(), StringComparison.Ordinal);
            var verdicts = root.GetProperty("claims").EnumerateArray().ToList();
            // The relay's gaps are those of one write: met on its figures, but not a measurement of streaming.
            Assert.Equal("inconclusive", verdicts[0].GetProperty("status").GetString());
            Assert.Contains("; but answers came all at once, not streamed (16 of 16 through the relay, 0 of 16 direct)", verdicts[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal("met", verdicts[1].GetProperty("status").GetString());
        }

        Assert.Single(error.Split('\n'), l => l.StartsWith("harness: warning: held back: 16 of 16 answers through the relay came all at once", StringComparison.Ordinal));

        // Saved with each pair: judged again, the same report, and the Markdown says it too.
        var again = await CliRunner.RunAsync(["overhead", "--from", dir, "--json", .. claims]);
        Assert.True(again.ExitCode == ExitCodes.Inconclusive, again.Error);
        Assert.Equal(output.Trim(), again.Out.Trim());
        Assert.Contains("⚠️ Held back: 16 of 16 answers through the relay came all at once", File.ReadAllText(Path.Combine(dir, "overhead.md")), StringComparison.Ordinal);

        // A run saved before answers were judged (no such columns or counts) reads, and says nothing of them.
        string old = dir + "-old";
        Directory.CreateDirectory(old);
        var pairsCsv = File.ReadAllLines(Path.Combine(dir, "pairs.csv")).Select(l => l.Split(',')).ToList();
        int[] streamed = [.. pairsCsv[0].Select((name, i) => (name, i)).Where(c => c.name.EndsWith("_streamed", StringComparison.Ordinal)).Select(c => c.i)];
        Assert.Equal(2, streamed.Length);
        File.WriteAllLines(Path.Combine(old, "pairs.csv"), pairsCsv.Select(cells => string.Join(',', cells.Where((_, i) => !streamed.Contains(i)))));
        File.Copy(Path.Combine(dir, "histograms.hlog"), Path.Combine(old, "histograms.hlog"));
        var report0 = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "overhead.json")))!.AsObject();
        foreach (string count in new[] { "directJudgedStreams", "directBufferedStreams", "viaJudgedStreams", "viaBufferedStreams", "heldBack" })
        {
            Assert.True(report0.Remove(count), count);
        }

        File.WriteAllText(Path.Combine(old, "overhead.json"), report0.ToJsonString());
        var earlier = await CliRunner.RunAsync(["overhead", "--from", old, .. claims]);
        Assert.True(earlier.ExitCode == ExitCodes.Ok, earlier.Error + earlier.Out);
        Assert.DoesNotContain("Held back", earlier.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("held back", earlier.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RelayFailingEveryRequest_NoClaim_StillAFailedRun_ReportKept()
    {
        await using var fake = await StartFakeAsync();
        await using var relay = await DelayingRelay.StartAsync(fake.HttpBaseUrl, failEvery: 1);
        var (code, output, error) = await CliRunner.RunAsync([.. Run(fake, relay, "sse"), "--concurrency", "2", "--duration", "1s", "--json"]);

        Assert.True(code == ExitCodes.Failed, $"exit {code}: {error}{output}");
        Assert.Contains("harness: the run failed: every request through the relay failed (via: http_error(502) ", error, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(output); // the report is still printed
        Assert.True(json.RootElement.GetProperty("viaOnlyFailures").GetInt64() > 0);
    }

    [Fact]
    public async Task RelaySlowerThanTheFirstTokenTimeout_ItsRequestsTimeOut_ClaimNotMet()
    {
        // The relay waits 400 ms before forwarding; the fake's first token comes at 20 ms. With a
        // 0.2 s first-token limit on both sides, every relayed request times out and no direct one.
        await using var fake = await StartFakeAsync();
        await using var relay = await DelayingRelay.StartAsync(fake.HttpBaseUrl, requestDelay: TimeSpan.FromMilliseconds(400));
        var (code, output, error) = await CliRunner.RunAsync([.. Run(fake, relay, "sse"), "--concurrency", "2", "--duration", "1s", "--json", "--claim", "ttft p50 < 1s", "--first-token-timeout", "0.2"]);

        Assert.True(code == 1, $"exit {code}: {error}{output}");
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.True(root.TryGetProperty("viaOutcomes", out var via) && via.TryGetProperty("timeout(first_token)", out var timedOut) && timedOut.GetInt64() > 0, output);
        Assert.Equal(0, root.GetProperty("directOnlyFailures").GetInt64());
        Assert.Contains("the relay failed", root.GetProperty("claims")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxPairsAndSeed_BoundTheRun_AndFixTheOrder()
    {
        await using var fake = await StartFakeAsync();
        await using var relay = await DelayingRelay.StartAsync(fake.HttpBaseUrl);
        const int seed = 7;
        // Pair 0 is the one worker's warm-up; measured pairs are 1..6.
        int expected = Enumerable.Range(1, 6).Count(i => PairOrder.ViaFirst(seed, i));
        Assert.NotEqual(expected, Enumerable.Range(1, 6).Count(i => PairOrder.ViaFirst(OverheadPlan.DefaultSeed, i)));
        var (code, output, error) = await CliRunner.RunAsync([.. Run(fake, relay, "sse"), "--concurrency", "1", "--duration", "60s", "--max-pairs", "6", "--seed", "7", "--json"]);

        Assert.True(code == 0, $"exit {code}: {error}{output}");
        using var json = JsonDocument.Parse(output);
        Assert.Equal(6, json.RootElement.GetProperty("pairs").GetInt64());
        Assert.Equal(expected, json.RootElement.GetProperty("viaFirstPairs").GetInt64());
        Assert.Equal(seed, json.RootElement.GetProperty("seed").GetInt32());
        // Warm connections: the warm-up pair opened them, so no measured request paid a connect.
        Assert.DoesNotContain(json.RootElement.GetProperty("metrics").EnumerateArray(), m => m.GetProperty("metric").GetString() == "connect");
    }

    [Fact]
    public async Task Cold_EveryRequestOpensAConnection_ConnectOverheadMeasured()
    {
        await using var fake = await StartFakeAsync();
        await using var relay = await DelayingRelay.StartAsync(fake.HttpBaseUrl);
        var (code, output, error) = await CliRunner.RunAsync([.. Run(fake, relay, "sse"), "--concurrency", "1", "--duration", "60s", "--max-pairs", "5", "--cold", "--json"]);

        Assert.True(code == 0, $"exit {code}: {error}{output}");
        using var json = JsonDocument.Parse(output);
        Assert.Equal("cold", json.RootElement.GetProperty("connections").GetString());
        var connect = Metric(json.RootElement, "connect");
        Assert.Equal(5, connect.GetProperty("directCount").GetInt64());
        Assert.Equal(5, connect.GetProperty("viaCount").GetInt64());
    }

    [Fact]
    public async Task Rate_StartsPairsOnSchedule_OpenModel()
    {
        await using var fake = await StartFakeAsync();
        await using var relay = await DelayingRelay.StartAsync(fake.HttpBaseUrl);
        var (code, output, error) = await CliRunner.RunAsync([.. Run(fake, relay, "sse"), "--rate", "10", "--duration", "1s", "--json"]);

        Assert.True(code == 0, $"exit {code}: {error}{output}");
        using var json = JsonDocument.Parse(output);
        Assert.Equal("r10", json.RootElement.GetProperty("loadPoint").GetString());
        // Ten pairs due in the second (at 0, 0.1, ... 0.9 s); the first is the warm-up.
        Assert.Equal(9, json.RootElement.GetProperty("pairs").GetInt64());
    }

    [Fact]
    public async Task WithoutJson_PrintsMarkdownWithTheScheduleBesideTheFigures()
    {
        await using var fake = await StartFakeAsync();
        await using var relay = await DelayingRelay.StartAsync(fake.HttpBaseUrl);
        var (code, output, error) = await CliRunner.RunAsync([.. Run(fake, relay, "sse"), "--concurrency", "1", "--duration", "60s", "--max-pairs", "3"]);

        Assert.True(code == 0, $"exit {code}: {error}{output}");
        Assert.StartsWith("## Overhead: ", output, StringComparison.Ordinal);
        Assert.Contains("schedule (ms) |", output, StringComparison.Ordinal);
        Assert.Contains("| ttft | p50 |", output, StringComparison.Ordinal);
        Assert.Matches("The harness's own error: (⚠️ past the 5 ms saturation line, so the harness was short of CPU: )?its scheduling lag p99 was ", output);
        Assert.Contains($"`{s_schedule.ToCompactString()}`", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryRunIsSaved_AndJudgedAgainFromItsDirectory_SendingNoRequest()
    {
        await using var fake = await StartFakeAsync();
        await using var relay = await DelayingRelay.StartAsync(fake.HttpBaseUrl, requestDelay: TimeSpan.FromMilliseconds(30));
        // Enough pairs that those no pause of the harness may have delayed can still decide the claims.
        const int pairs = 24;
        string[] newClaims = ["--claim", "ttft p50 < 100ms", "--claim", "ttft p50 < 5ms", "--seed", "9", "--json"];
        string dir = string.Empty, output = string.Empty, error = string.Empty;
        long served = 0;
        var judged = await UntilJudgedAsync(async attempt =>
        {
            dir = Path.Combine(_saved, $"saved{attempt}");
            (int code, output, error) = await CliRunner.RunAsync([.. Run(fake, relay, "sse", dir), "--concurrency", "2", "--duration", "60s", "--max-pairs", $"{pairs}", "--json"]);
            Assert.True(code == 0, $"exit {code}: {error}{output}");
            served = fake.Counters.RequestsStarted;
            return await CliRunner.RunAsync(["overhead", "--from", dir, .. newClaims]);
        });

        Assert.Contains($"results: {dir} ", error, StringComparison.Ordinal);
        foreach (string file in new[] { "overhead.json", "overhead.md", "pairs.csv", "histograms.hlog" })
        {
            Assert.True(File.Exists(Path.Combine(dir, file)), file);
        }

        Assert.Equal(pairs + 1, File.ReadAllLines(Path.Combine(dir, "pairs.csv")).Length);
        using (var saved = JsonDocument.Parse(output))
        {
            // The harness's own lag was probed through the run (every 5 ms).
            Assert.True(saved.RootElement.GetProperty("resolution").GetProperty("lagSamples").GetInt64() > 10, output);
        }

        // The same seed and no claims: the same report, to the last digit; no request sent.
        var again = await CliRunner.RunAsync("overhead", "--from", dir, "--json");
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Equal(output.Trim(), again.Out.Trim());
        Assert.Equal(output.Trim(), File.ReadAllText(Path.Combine(dir, "overhead.json")).Trim());

        // New claims on the same pairs (judged above): the relay adds 30 ms.
        Assert.True(judged.ExitCode == ExitCodes.Failed, $"exit {judged.ExitCode}: {judged.Error}{judged.Out}");
        using var json = JsonDocument.Parse(judged.Out);
        Assert.Equal(9, json.RootElement.GetProperty("seed").GetInt32());
        Assert.Equal(["met", "not_met"], json.RootElement.GetProperty("claims").EnumerateArray().Select(c => c.GetProperty("status").GetString()));
        Assert.Equal(served, fake.Counters.RequestsStarted);

        // A run saved before arrival was measured (no such columns, histograms or metric) is judged again without it.
        string old = dir + "-old";
        Directory.CreateDirectory(old);
        var pairsCsv = File.ReadAllLines(Path.Combine(dir, "pairs.csv")).Select(l => l.Split(',')).ToList();
        int[] arrival = [.. pairsCsv[0].Select((name, i) => (name, i)).Where(c => c.name.EndsWith("_arrival_ms", StringComparison.Ordinal)).Select(c => c.i)];
        Assert.Equal(2, arrival.Length);
        File.WriteAllLines(Path.Combine(old, "pairs.csv"), pairsCsv.Select(cells => string.Join(',', cells.Where((_, i) => !arrival.Contains(i)))));
        File.WriteAllLines(Path.Combine(old, "histograms.hlog"), File.ReadAllLines(Path.Combine(dir, "histograms.hlog")).Where(l => !l.Contains(":arrival,", StringComparison.Ordinal)));
        var report0 = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "overhead.json")))!;
        var metrics0 = report0["metrics"]!.AsArray();
        metrics0.Remove(metrics0.Single(m => (string?)m!["metric"] == "arrival"));
        File.WriteAllText(Path.Combine(old, "overhead.json"), report0.ToJsonString());
        var earlier = await CliRunner.RunAsync("overhead", "--from", old, "--claim", "ttft p50 < 100ms");
        Assert.True(earlier.ExitCode == 0, earlier.Error);
        Assert.DoesNotContain("| arrival |", earlier.Out, StringComparison.Ordinal);
        Assert.Contains("| ttft | p50 |", earlier.Out, StringComparison.Ordinal);

        // Not a load run's directory: the verbs that read one say what it is.
        var report = await CliRunner.RunAsync("report", dir);
        Assert.Equal(ExitCodes.Usage, report.ExitCode);
        Assert.Equal($"harness: {dir}: an overhead run, not a load run (no results.json): its report is overhead.md, and harness overhead --from {dir} judges it again", report.Error.Trim());

        // Damaged, or given what only a run takes: one line, exit 2.
        var notApplicable = await CliRunner.RunAsync("overhead", "--from", dir, "--concurrency", "4");
        Assert.Equal(ExitCodes.Usage, notApplicable.ExitCode);
        Assert.Equal("harness: --from judges a saved run again: --concurrency does not apply (it sends no request)", notApplicable.Error.Trim());
        string hlogPath = Path.Combine(dir, "histograms.hlog");
        string hlog = File.ReadAllText(hlogPath);
        File.WriteAllText(hlogPath, string.Join('\n', hlog.Split('\n').Where(l => !l.StartsWith("Tag=via:c2:ttft,", StringComparison.Ordinal))));
        var truncated = await CliRunner.RunAsync("overhead", "--from", dir);
        Assert.Equal(ExitCodes.Usage, truncated.ExitCode);
        Assert.True(Regex.IsMatch(truncated.Error.Trim(), $"^harness: {Regex.Escape(hlogPath)}: via:c2:ttft holds 0 values but overhead.json says [1-9][0-9]*$"), truncated.Error);
        File.WriteAllText(hlogPath, hlog);

        // A pairs.csv whose counts are not the report's (a row lost, one pair's order or figure
        // edited): one line naming both counts and both files, exit 2; untouched, judged again.
        string pairsPath = Path.Combine(dir, "pairs.csv");
        string[] rows = File.ReadAllLines(pairsPath);
        int viaFirst = rows[1..].Count(r => r.Split(',')[1] == "1");
        foreach (var (edited, expected) in new (string[] Rows, string Error)[]
        {
            (rows[..^1], $"{pairs - 1} pairs, but overhead.json counts {pairs}"),
            (WithCell(rows, "via_first", rows[1].Split(',')[1] == "1" ? "0" : "1"), $"{(rows[1].Split(',')[1] == "1" ? viaFirst - 1 : viaFirst + 1)} pairs through the relay first, but overhead.json counts {viaFirst}"),
            (WithCell(rows, "via_ttft_ms", string.Empty), $"{pairs - 1} pairs with ttft on both sides, but overhead.json counts {pairs}"),
        })
        {
            await AssertPairsRefusedAsync(dir, edited, expected);
        }

        File.WriteAllLines(pairsPath, rows);
        var untouched = await CliRunner.RunAsync("overhead", "--from", dir, "--json");
        Assert.True(untouched.ExitCode == 0, untouched.Error);
        Assert.Equal(output.Trim(), untouched.Out.Trim());
        var lines = File.ReadAllLines(Path.Combine(dir, "pairs.csv"));
        lines[3] = lines[3].Replace(",ok,", ",okay,", StringComparison.Ordinal);
        File.WriteAllLines(Path.Combine(dir, "pairs.csv"), lines);
        var damaged = await CliRunner.RunAsync("overhead", "--from", dir);
        Assert.Equal(ExitCodes.Usage, damaged.ExitCode);
        Assert.Equal($"harness: {Path.Combine(dir, "pairs.csv")}:4: not a pair (order 0/1 and two outcome names)", damaged.Error.Trim());
        var missing = await CliRunner.RunAsync("overhead", "--from", Path.Combine(dir, "nothing"));
        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Equal($"harness: {Path.Combine(dir, "nothing")}: not an overhead run (no overhead.json)", missing.Error.Trim());
    }

    [Fact]
    public async Task SavedPairsWhoseOutcomesAreNotTheReports_Refused_NamingTheOutcomeAndBothCounts()
    {
        await using var fake = await StartFakeAsync();
        await using var relay = await DelayingRelay.StartAsync(fake.HttpBaseUrl);
        string dir = Path.Combine(_saved, "outcomes");
        var (code, output, error) = await CliRunner.RunAsync([.. Run(fake, relay, "sse", dir), "--concurrency", "1", "--duration", "60s", "--max-pairs", "4", "--json"]);
        Assert.True(code == 0, $"exit {code}: {error}{output}");
        using (var json = JsonDocument.Parse(output))
        {
            foreach (string side in new[] { "directOutcomes", "viaOutcomes" })
            {
                var only = Assert.Single(json.RootElement.GetProperty(side).EnumerateObject());
                Assert.Equal(("ok", 4L), (only.Name, only.Value.GetInt64()));
            }
        }

        // One pair's outcome edited: its failure counts are no longer the report's either, but the
        // outcomes are checked first. Ordinal order names http_error(502) before ok, and an outcome
        // the report lacks counts 0 there.
        string[] rows = File.ReadAllLines(Path.Combine(dir, "pairs.csv"));
        await AssertPairsRefusedAsync(dir, WithCell(rows, "via_outcome", "http_error(502)"), "1 via request ended http_error(502), but overhead.json counts 0");
        await AssertPairsRefusedAsync(dir, WithCell(rows, "direct_outcome", "timeout(first_token)"), "3 direct requests ended ok, but overhead.json counts 4");
    }

    [Fact]
    public async Task SavedPairsWhoseStreamedColumnIsNotTheReports_Refused_WithBothCounts()
    {
        // The relay sends each answer whole when it ends: every one through it judged, and held back.
        await using var fake = await StartFakeAsync(s_judgedSchedule);
        await using var relay = await DelayingRelay.StartAsync(fake.HttpBaseUrl, holdAnswers: true);
        string dir = Path.Combine(_saved, "streamed");
        var (code, output, error) = await CliRunner.RunAsync([.. Run(fake, relay, "sse", dir), "--concurrency", "1", "--duration", "60s", "--max-pairs", "4", "--json"]);
        Assert.True(code == 0, $"exit {code}: {error}{output}");
        using (var json = JsonDocument.Parse(output))
        {
            Assert.Equal(4, json.RootElement.GetProperty("viaJudgedStreams").GetInt64());
            Assert.Equal(4, json.RootElement.GetProperty("viaBufferedStreams").GetInt64());
        }

        // One held-back answer marked streamed: every other count is still the report's.
        string[] rows = File.ReadAllLines(Path.Combine(dir, "pairs.csv"));
        await AssertPairsRefusedAsync(dir, WithCell(rows, "via_streamed", "1"), "3 of 4 via answers came all at once, but overhead.json says 4 of 4");
    }

    [Fact]
    public async Task ASaveThatFails_Warns_AndTheReportStillPrints()
    {
        await using var fake = await StartFakeAsync();
        await using var relay = await DelayingRelay.StartAsync(fake.HttpBaseUrl);
        string dir = Path.Combine(_saved, "unsavable");
        var run = CliRunner.RunAsync([.. Run(fake, relay, "sse", dir), "--concurrency", "1", "--duration", "60s", "--max-pairs", "4", "--json"]);
        // Once the run has claimed its directory, a directory where its first file goes makes the save fail.
        while (!File.Exists(Path.Combine(dir, ".harness.lock")) && !run.IsCompleted)
        {
            await Task.Delay(5);
        }

        Directory.CreateDirectory(Path.Combine(dir, "histograms.hlog"));
        var (code, output, error) = await run;

        Assert.True(code == 0, $"exit {code}: {error}{output}");
        Assert.Contains($"harness: warning: the run could not be saved in {dir} (", error, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(4, json.RootElement.GetProperty("pairs").GetInt64());
    }

    [Theory]
    [InlineData("not a url", "http://127.0.0.1:1", "--direct: 'not a url' is not an http(s) or ws(s) URL")]
    [InlineData("http://127.0.0.1:1", "ftp://127.0.0.1:2", "--via: 'ftp://127.0.0.1:2' is not an http(s) or ws(s) URL")]
    [InlineData("http://127.0.0.1:1", "ws://127.0.0.1:2/v1/ws/chat", "--via: 'ws://127.0.0.1:2/v1/ws/chat' is a WebSocket URL, but the transport is sse")]
    [InlineData("http://127.0.0.1:1", "http://127.0.0.1:2", "--direct: 'http://127.0.0.1:1/' is an HTTP URL, but the transport is ws", "--transport", "ws")]
    [InlineData("http://127.0.0.1:1", "http://127.0.0.1:2", "--transport: unknown transport 'h3'", "--transport", "h3")]
    [InlineData("http://127.0.0.1:1", "http://127.0.0.1:2", "give --concurrency (closed model) or --rate (open model), not both", "--concurrency", "2", "--rate", "5")]
    [InlineData("http://127.0.0.1:1", "http://127.0.0.1:2", "--concurrency must be from 1 to 10000, got 0", "--concurrency", "0")]
    [InlineData("http://127.0.0.1:1", "http://127.0.0.1:2", "--rate must be above 0", "--rate", "0")]
    [InlineData("http://127.0.0.1:1", "http://127.0.0.1:2", "--duration must be above 0", "--duration", "0s")]
    [InlineData("http://127.0.0.1:1", "http://127.0.0.1:2", "--max-pairs must be at least 1", "--max-pairs", "0")]
    [InlineData("http://127.0.0.1:1", "http://127.0.0.1:2", "--claim: 'errors < 1%' is not a latency claim on the overhead like", "--claim", "errors < 1%")]
    [InlineData("http://127.0.0.1:1", "http://127.0.0.1:2", "--claim: 'tpot p50 < 5ms' is not a latency claim on the overhead like", "--claim", "tpot p50 < 5ms")]
    [InlineData("http://127.0.0.1:1", "http://127.0.0.1:2", "--claim: cannot read claim", "--claim", "ttft fast")]
    [InlineData("http://127.0.0.1:1", "http://127.0.0.1:2", "--junit writes the claims' verdicts: give at least one --claim", "--junit", "x.xml")]
    public async Task BadInput_OneLine_Exit2(string direct, string via, string message, params string[] extra)
    {
        var (code, output, error) = await CliRunner.RunAsync(["overhead", "--direct", direct, "--via", via, "--model", "fake", .. extra]);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task RelayRefusingEveryConnection_StopsEarly_OneLine_ExitOne()
    {
        // Before: the whole --duration of pairs, each with a refused half.
        await using var fake = await StartFakeAsync();
        string dir = Path.Combine(_saved, "refused");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (code, output, error) = await CliRunner.RunAsync("overhead", "--direct", fake.HttpBaseUrl.ToString(), "--via", "http://127.0.0.1:9/v1", "--model", "fake", "--duration", "20s", "--out", dir);

        Assert.True(code == ExitCodes.Failed, error);
        // No pair served both ways: no table of "–" overheads on stdout, only where the run went and
        // why it stopped; overhead.md keeps the table (the direct side's figures) as written.
        Assert.Equal(string.Empty, output);
        Assert.Contains($"results: {dir} ", error, StringComparison.Ordinal);
        Assert.Contains("| ttft | p50 |", File.ReadAllText(Path.Combine(dir, "overhead.md")), StringComparison.Ordinal);
        Assert.Matches(@"(?m)^harness: stopped: every one of the first \d+ requests through the relay failed \(connect_error \d+; first: connection refused \(127\.0\.0\.1:9\)\)", error);
        Assert.True(error.Split('\n').Count(l => l.StartsWith("harness:", StringComparison.Ordinal)) == 1, error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        Assert.True(File.Exists(Path.Combine(dir, "overhead.json")), "what was measured is saved");

        // Judged again, the saved run says why it stopped, as the run did.
        var again = await CliRunner.RunAsync("overhead", "--from", dir);
        Assert.True(again.ExitCode == ExitCodes.Failed, again.Error);
        Assert.Equal(string.Empty, again.Out);
        Assert.Equal(
            error.Split('\n').Where(l => l.StartsWith("harness:", StringComparison.Ordinal)),
            again.Error.Split('\n').Where(l => l.StartsWith("harness:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task InterruptedBeforeAnyPairFinished_SaysSo_NotThatTheRunWasTooShort()
    {
        // Before: "the run failed: no measured pair finished (raise --duration?)" above "interrupted by SIGTERM".
        await using var fake = await StartFakeAsync();
        // A relay that accepts and never answers: no pair finishes before the signal.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var held = new List<System.Net.Sockets.TcpClient>();
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    held.Add(await silent.AcceptTcpClientAsync(stop.Token));
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        int port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        string dir = Path.Combine(_saved, "interrupted");

        var (code, _, error) = await SignalledRun.RunAsync(
            ["overhead", "--direct", fake.HttpBaseUrl.ToString(), "--via", $"http://127.0.0.1:{port}/v1", "--model", "fake", "--duration", "60s", "--out", dir],
            "TERM",
            line => line.StartsWith("overhead sse", StringComparison.Ordinal) && line.Contains("pairs=", StringComparison.Ordinal));
        await stop.CancelAsync();
        await accepting;
        held.ForEach(c => c.Dispose());

        Assert.True(code == ExitCodes.Terminated, $"exit {code}: {error}");
        Assert.Contains("harness: stopped before any measured pair finished: nothing measured", error, StringComparison.Ordinal);
        Assert.DoesNotContain("raise --duration", error, StringComparison.Ordinal);
        // Judged again, the saved run says the same.
        var again = await CliRunner.RunAsync("overhead", "--from", dir);
        Assert.Contains("harness: stopped before any measured pair finished: nothing measured", again.Error, StringComparison.Ordinal);
    }

    /// <summary>A relay that never answers holds the warm-up pairs past the run: said so, with what to try, not only "raise --duration?".</summary>
    [Fact]
    public async Task WarmUpPairsOutlastingTheRun_NameTheCause()
    {
        await using var fake = await StartFakeAsync();
        using var silent = new SilentServer();
        string dir = Path.Combine(_saved, "outlasted");

        var (code, _, error) = await CliRunner.RunAsync(
            "overhead", "--direct", fake.HttpBaseUrl.ToString(), "--via", $"http://127.0.0.1:{silent.Port}/v1", "--model", "fake",
            "--duration", "1s", "--first-token-timeout", "2", "--out", dir);

        Assert.True(code == ExitCodes.Failed, $"exit {code}: {error}");
        Assert.Contains("harness: the run failed: no measured pair finished: the warm-up pairs took the whole", error, StringComparison.Ordinal);
        Assert.Contains("is one not answering? try 'harness stream' against each", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealEndpointWithoutModel_Exit2()
    {
        var (code, _, error) = await CliRunner.RunAsync("overhead", "--direct", "http://127.0.0.1:1", "--via", "http://127.0.0.1:2");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--model is required", error, StringComparison.Ordinal);
    }

    // A run's claims judged (attempt 1, 2, ...): a run whose verdicts the harness's own pauses or
    // saturation left inconclusive (its honest answer on a machine short of CPU, which a CI machine
    // can be for a few seconds) is made again, JudgedAttempts in all; what the last one gives stands.
    private async Task<(int ExitCode, string Out, string Error)> UntilJudgedAsync(Func<int, Task<(int ExitCode, string Out, string Error)>> judge)
    {
        for (int attempt = 1; ; attempt++)
        {
            var run = await judge(attempt);
            if (attempt == JudgedAttempts || !LeftToTheHarness(run.Out, attempt))
            {
                return run;
            }
        }
    }

    // Whether every claim the run left undecided is undecided for the harness's own reason (a pause
    // of its own, or its lag past the saturation line); said in the test's log when so.
    private bool LeftToTheHarness(string json, int attempt)
    {
        if (!json.TrimStart().StartsWith('{'))
        {
            return false;
        }

        using var report = JsonDocument.Parse(json);
        var undecided = report.RootElement.GetProperty("claims").EnumerateArray()
            .Where(c => c.GetProperty("status").GetString() == "inconclusive")
            .Select(c => c.GetProperty("reason").GetString()!)
            .ToList();
        bool harness = undecided.Count > 0 && undecided.TrueForAll(reason =>
            reason.EndsWith("the verdict may be the harness's", StringComparison.Ordinal)
            || reason.Contains("; but the harness was saturated (", StringComparison.Ordinal));
        if (harness)
        {
            log.WriteLine($"attempt {attempt} of {JudgedAttempts} left to the harness: {string.Join(" | ", undecided)}");
        }

        return harness;
    }

    private static Task<FakeServer> StartFakeAsync(TokenSchedule? schedule = null) =>
        FakeServer.StartAsync(new FakeServerOptions { Schedule = schedule ?? s_schedule, WarmUp = true });

    // The saved rows with one cell of the first pair, in the column named, changed.
    private static string[] WithCell(string[] rows, string column, string value)
    {
        int at = Array.IndexOf(rows[0].Split(','), column);
        Assert.True(at >= 0, column);
        return [rows[0], string.Join(',', rows[1].Split(',').Select((cell, i) => i == at ? value : cell)), .. rows[2..]];
    }

    // The saved run with these rows as its pairs.csv is refused: one line naming pairs.csv, nothing on stdout, exit 2.
    private static async Task AssertPairsRefusedAsync(string dir, string[] rows, string error)
    {
        string pairsPath = Path.Combine(dir, "pairs.csv");
        File.WriteAllLines(pairsPath, rows);
        var refused = await CliRunner.RunAsync("overhead", "--from", dir);
        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        Assert.Equal(string.Empty, refused.Out);
        Assert.Equal($"harness: {pairsPath}: {error}", refused.Error.Trim());
    }

    private string[] Run(FakeServer fake, DelayingRelay relay, string transport, string? saveTo = null)
    {
        string[] endpoints = transport == "ws"
            ? ["--direct", fake.WebSocketUrl.ToString(), "--via", relay.WebSocketUrl.ToString()]
            : ["--direct", fake.HttpBaseUrl.ToString(), "--via", relay.BaseUrl.ToString()];
        return ["overhead", .. endpoints, "--model", "fake", "--out", saveTo ?? Path.Combine(_saved, $"run{Interlocked.Increment(ref _runs)}")];
    }

    private static double TtftP50(JsonElement root) =>
        Metric(root, "ttft").GetProperty("percentiles").EnumerateArray().Single(p => p.GetProperty("percentile").GetDouble() == 50).GetProperty("overheadMs").GetDouble();

    private static JsonElement Metric(JsonElement root, string name) =>
        root.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == name);
}
