using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Clients;
using Harness.Load.Results;
using Harness.Reports.Claims;
using Harness.Reports.Diff;

namespace Harness.Reports.Tests.Diff;

public sealed class ResultsDiffTests
{
    private static readonly DiffOptions s_ttftP50 = new() { Metrics = ["ttft"], Percentiles = [50], AllowMismatch = true };

    [Fact]
    public void Ttft100Against120_Plus20ms_RegressedPastA5msLimit()
    {
        string baseline = new SyntheticResults { RequestsPerSeries = 200, TtftMs = 100 }.WriteToTemp();
        string candidate = new SyntheticResults { RequestsPerSeries = 200, TtftMs = 120, Seed = 8 }.WriteToTemp();

        var report = ResultsDiff.Compare(baseline, candidate, s_ttftP50 with { MaxRegression = RegressionLimit.Parse("5ms") });

        Assert.False(report.Refused);
        Assert.Equal(9, report.Rows.Count);
        Assert.All(report.Rows, r =>
        {
            Assert.InRange(r.DifferenceMs!.Value, 18, 22);
            Assert.Equal(DiffStatus.Regressed, r.Status);
            Assert.Equal(VerdictStatus.NotMet, r.Gate);
        });
        Assert.Equal(VerdictStatus.NotMet, report.Overall);

        // A 25% allowance holds +20 ms on a 100 ms baseline; the other way round it is an improvement.
        Assert.Equal(VerdictStatus.Met, ResultsDiff.Compare(baseline, candidate, s_ttftP50 with { MaxRegression = RegressionLimit.Parse("25%") }).Overall);
        var reverse = ResultsDiff.Compare(candidate, baseline, s_ttftP50);
        Assert.All(reverse.Rows, r => Assert.Equal(DiffStatus.Improved, r.Status));
        Assert.Equal(VerdictStatus.Met, reverse.Overall);
    }

    [Fact]
    public void APartialRun_IsACaution_OnItsSideOnly()
    {
        string baseline = new SyntheticResults { RequestsPerSeries = 200 }.WriteToTemp();
        string candidate = new SyntheticResults { RequestsPerSeries = 200, Seed = 8, Partial = true }.WriteToTemp();

        var report = ResultsDiff.Compare(baseline, candidate, s_ttftP50);

        string caution = Assert.Single(report.Cautions);
        Assert.StartsWith($"the candidate ({candidate}) is a partial run, stopped early", caution, StringComparison.Ordinal);
        Assert.Contains("> [!CAUTION]\n> " + caution, DiffMarkdown.Render(report), StringComparison.Ordinal);
        Assert.Empty(ResultsDiff.Compare(baseline, new SyntheticResults { RequestsPerSeries = 200, Seed = 9 }.WriteToTemp(), s_ttftP50).Cautions);
    }

    [Fact]
    public void ALimitInsideTheInterval_IsInconclusive_AndSaysHowMuchLongerARunWouldLikelyDecideIt()
    {
        string baseline = new SyntheticResults { RequestsPerSeries = 200, TtftMs = 100 }.WriteToTemp();
        string candidate = new SyntheticResults { RequestsPerSeries = 200, TtftMs = 120, Seed = 8 }.WriteToTemp();
        var row = ResultsDiff.Compare(baseline, candidate, s_ttftP50 with { MaxRegression = RegressionLimit.Parse("5ms") }).Rows[0];
        double e = row.DifferenceMs!.Value, high = row.CiHighMs!.Value;
        // A limit between the difference and its interval's top.
        double limit = Math.Round(e + ((high - e) / 2), 3);

        var straddling = ResultsDiff.Compare(baseline, candidate, s_ttftP50 with { MaxRegression = RegressionLimit.Parse(FormattableString.Invariant($"{limit}ms")) }).Rows[0];

        Assert.Equal(VerdictStatus.Inconclusive, straddling.Gate);
        double times = Math.Ceiling(Math.Pow((high - e) / (limit - e), 2) * 10) / 10;
        Assert.EndsWith(FormattableString.Invariant($"the interval straddles the limit; were the difference to stay at {e:0.###} ms, a run about {times:0.#}× as long would likely decide it"), straddling.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(20.0, VerdictStatus.Inconclusive)] // without the requests a pause may have delayed, the candidate is level
    [InlineData(2.0, VerdictStatus.NotMet)]        // it regressed even without them
    public void ARegressionOnlyThroughTheCandidatesPausedRequests_IsInconclusive(double dropMs, VerdictStatus expected)
    {
        string baseline = new SyntheticResults { RequestsPerSeries = 200, TtftMs = 100 }.WriteToTemp();
        string candidate = new SyntheticResults { RequestsPerSeries = 200, TtftMs = 120, Seed = 8, Paused = ("sse/c10", dropMs) }.WriteToTemp();

        var report = ResultsDiff.Compare(baseline, candidate, s_ttftP50 with { MaxRegression = RegressionLimit.Parse("5ms") });

        var row = report.Rows.Single(r => r.Transport == "sse" && r.LoadPoint == "c10");
        Assert.Equal(expected, row.Gate);
        Assert.Equal(expected == VerdictStatus.Inconclusive, row.Reason.Contains("the regression may be the harness's", StringComparison.Ordinal));
        Assert.All(report.Rows.Where(r => r != row), r => Assert.Equal(VerdictStatus.NotMet, r.Gate));
    }

    [Theory]
    [InlineData(100, VerdictStatus.Inconclusive)] // 200 gaps the pauses may have widened: as many as its slowest 1 %
    [InlineData(2_000, VerdictStatus.NotMet)]     // twenty times the gaps: its tail is the endpoint's
    public void AnItlRegressionOnlyThroughGapsTheCandidatesPausesMayHaveWidened_IsInconclusive(int requests, VerdictStatus expected)
    {
        // Every gap 10 ms longer in the candidate, so its p99.5 (among the slowest 1 %, 15 ms above
        // the rest) is 10 ms past the baseline's; without its slowest 200, the rest's is under it.
        string baseline = new SyntheticResults { RequestsPerSeries = requests, Concurrencies = [100] }.WriteToTemp();
        string candidate = new SyntheticResults { RequestsPerSeries = requests, Concurrencies = [100], Seed = 8, ItlMs = 30, Paused = ("sse/c100", 0) }.WriteToTemp();
        var itlTail = new DiffOptions { Metrics = ["itl"], Percentiles = [99.5], MaxRegression = RegressionLimit.Parse("5ms"), AllowMismatch = true };

        var report = ResultsDiff.Compare(baseline, candidate, itlTail);

        var row = report.Rows.Single(r => r.Transport == "sse");
        Assert.Equal(expected, row.Gate);
        Assert.Equal(expected == VerdictStatus.Inconclusive, row.Reason.Contains("but in the candidate the harness's own 2 pauses of up to 30 ms may have widened up to 200 of its", StringComparison.Ordinal));
        Assert.All(report.Rows.Where(r => r != row), r => Assert.Equal(VerdictStatus.NotMet, r.Gate));
    }

    [Theory]
    [InlineData(20.0, VerdictStatus.Inconclusive)] // without the requests whose end a pause may have delayed, the candidate is level
    [InlineData(2.0, VerdictStatus.NotMet)]        // it regressed even without them
    public void AnE2eRegressionOnlyThroughTheCandidatesPausedEnds_IsInconclusive(double dropMs, VerdictStatus expected)
    {
        string baseline = new SyntheticResults { RequestsPerSeries = 200, TtftMs = 100 }.WriteToTemp();
        string candidate = new SyntheticResults { RequestsPerSeries = 200, TtftMs = 120, Seed = 8, Paused = ("sse/c10", 0), PausedEndsDropMs = dropMs }.WriteToTemp();
        var e2eP50 = new DiffOptions { Metrics = ["e2e"], Percentiles = [50], MaxRegression = RegressionLimit.Parse("5ms"), AllowMismatch = true };

        var report = ResultsDiff.Compare(baseline, candidate, e2eP50);

        var row = report.Rows.Single(r => r.Transport == "sse" && r.LoadPoint == "c10");
        Assert.Equal(expected, row.Gate);
        Assert.Equal(expected == VerdictStatus.Inconclusive, row.Reason.Contains("but without the 10 candidate requests a pause of the harness itself (up to 30 ms) may have delayed", StringComparison.Ordinal));
        Assert.All(report.Rows.Where(r => r != row), r => Assert.Equal(VerdictStatus.NotMet, r.Gate));
    }

    [Fact]
    public void NoRegressionOnlyBecauseTheBaselinesPausedRequestsRaisedIt_IsInconclusive()
    {
        string baseline = new SyntheticResults { RequestsPerSeries = 200, TtftMs = 120, Paused = ("ws/c100", 20) }.WriteToTemp();
        string candidate = new SyntheticResults { RequestsPerSeries = 200, TtftMs = 120, Seed = 8 }.WriteToTemp();

        var report = ResultsDiff.Compare(baseline, candidate, s_ttftP50 with { MaxRegression = RegressionLimit.Parse("5ms") });

        var row = report.Rows.Single(r => r.Transport == "ws" && r.LoadPoint == "c100");
        Assert.Equal(VerdictStatus.Inconclusive, row.Gate);
        Assert.Contains("baseline requests a pause of the harness itself (up to 30 ms) may have delayed", row.Reason, StringComparison.Ordinal);
        Assert.All(report.Rows.Where(r => r != row), r => Assert.Equal(VerdictStatus.Met, r.Gate));
    }

    [Theory]
    [InlineData(99.0, VerdictStatus.Inconclusive)] // a tail the stall may have made
    [InlineData(50.0, VerdictStatus.NotMet)]       // the median it does not reach
    public void ATailRegressionWhereTheCandidatesFakeStalled_IsInconclusive(double percentile, VerdictStatus expected)
    {
        string baseline = new SyntheticResults { RequestsPerSeries = 400, TtftMs = 100 }.WriteToTemp();
        string stalled = new SyntheticResults { RequestsPerSeries = 400, TtftMs = 120, Seed = 8, FakeLate = ("sse/c10", 41.2, 58.4) }.WriteToTemp();
        var options = s_ttftP50 with { Percentiles = [percentile], MaxRegression = RegressionLimit.Parse("5ms") };

        var report = ResultsDiff.Compare(baseline, stalled, options);

        var row = report.Rows.Single(r => r.Transport == "sse" && r.LoadPoint == "c10");
        Assert.Equal(expected, row.Gate);
        Assert.Equal(expected == VerdictStatus.Inconclusive, row.Reason.Contains("the candidate's embedded fake fell behind its schedule (p99.9 41.2 ms late, max 58.4 ms)", StringComparison.Ordinal));
        Assert.All(report.Rows.Where(r => r != row), r => Assert.Equal(VerdictStatus.NotMet, r.Gate));
        // A lateness within the threshold is no stall: the regression stands.
        string blip = new SyntheticResults { RequestsPerSeries = 400, TtftMs = 120, Seed = 8, FakeLate = ("sse/c10", 4.9, 126) }.WriteToTemp();
        Assert.All(ResultsDiff.Compare(baseline, blip, options).Rows, r => Assert.Equal(VerdictStatus.NotMet, r.Gate));
    }

    [Fact]
    public void NoTailRegressionWhereTheBaselinesFakeStalled_IsInconclusive()
    {
        string baseline = new SyntheticResults { RequestsPerSeries = 400, TtftMs = 120, FakeLate = ("ws/c100", 41.2, 58.4) }.WriteToTemp();
        string candidate = new SyntheticResults { RequestsPerSeries = 400, TtftMs = 120, Seed = 8 }.WriteToTemp();

        var report = ResultsDiff.Compare(baseline, candidate, s_ttftP50 with { Percentiles = [99], MaxRegression = RegressionLimit.Parse("5ms") });

        var row = report.Rows.Single(r => r.Transport == "ws" && r.LoadPoint == "c100");
        Assert.Equal(VerdictStatus.Inconclusive, row.Gate);
        Assert.Contains("the baseline's embedded fake fell behind its schedule", row.Reason, StringComparison.Ordinal);
        Assert.All(report.Rows.Where(r => r != row), r => Assert.Equal(VerdictStatus.Met, r.Gate));
    }

    [Theory]
    [InlineData(95.0, true, VerdictStatus.Inconclusive)] // one wave of 10 is a sixth of 60 samples: it reaches p83.3 and above
    [InlineData(95.0, false, VerdictStatus.NotMet)]      // without a stall the regression stands
    [InlineData(50.0, true, VerdictStatus.NotMet)]       // the median a sixth does not reach
    public void AShortRunsP95RegressionWhereTheCandidatesFakeStalled_IsInconclusive(double percentile, bool stalled, VerdictStatus expected)
    {
        // `compare --concurrency 10 --duration 6s`: 60 requests, one stalled wave ten of them.
        string baseline = new SyntheticResults { RequestsPerSeries = 60, TtftMs = 100, Transports = ["sse"], Concurrencies = [10] }.WriteToTemp();
        string candidate = new SyntheticResults { RequestsPerSeries = 60, TtftMs = 120, Seed = 8, Transports = ["sse"], Concurrencies = [10], FakeLate = stalled ? ("sse/c10", 41.2, 58.4) : null }.WriteToTemp();

        var row = Assert.Single(ResultsDiff.Compare(baseline, candidate, s_ttftP50 with { Percentiles = [percentile], MaxRegression = RegressionLimit.Parse("5ms") }).Rows);

        Assert.Equal(DiffStatus.Regressed, row.Status);
        Assert.Equal(expected, row.Gate);
        Assert.Equal(
            expected == VerdictStatus.Inconclusive,
            row.Reason.EndsWith("the candidate's embedded fake fell behind its schedule (p99.9 41.2 ms late, max 58.4 ms), and one wave in flight (10 requests) is 16.7% of its 60 samples, so it may reach p83.3 and above: the regression may be the harness's", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(41.2, VerdictStatus.Inconclusive)] // the machine stood still past the threshold: its wave may be the regression
    [InlineData(4.9, VerdictStatus.NotMet)]        // within the saturation threshold (5 ms): no stall
    public void AShortRunsP95RegressionWhereTheCandidatesMachineStoodStill_IsInconclusive(double machineMs, VerdictStatus expected)
    {
        // Against an endpoint other than the embedded fake: no fake's lateness, the harness's own probe instead.
        string baseline = new SyntheticResults { RequestsPerSeries = 60, TtftMs = 100, Transports = ["sse"], Concurrencies = [10] }.WriteToTemp();
        string candidate = new SyntheticResults { RequestsPerSeries = 60, TtftMs = 120, Seed = 8, Transports = ["sse"], Concurrencies = [10], MachineStood = ("sse/c10", machineMs) }.WriteToTemp();

        var row = Assert.Single(ResultsDiff.Compare(baseline, candidate, s_ttftP50 with { Percentiles = [95], MaxRegression = RegressionLimit.Parse("5ms") }).Rows);

        Assert.Equal(DiffStatus.Regressed, row.Status);
        Assert.Equal(expected, row.Gate);
        Assert.Equal(
            expected == VerdictStatus.Inconclusive,
            row.Reason.EndsWith("the candidate's machine stood still (the harness's own real-time thread up to 41.2 ms late), and one wave in flight (10 requests) is 16.7% of its 60 samples, so it may reach p83.3 and above: the regression may be the harness's", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(95.0, VerdictStatus.NotMet)]       // 10 of 3,000 samples: no reach below p99
    [InlineData(99.0, VerdictStatus.Inconclusive)] // p99 and above, as ever
    public void ALongRunsStall_StillExcusesOnlyP99AndAbove(double percentile, VerdictStatus expected)
    {
        string baseline = new SyntheticResults { RequestsPerSeries = 3_000, TtftMs = 100, TokensPerRequest = 2, Transports = ["sse"], Concurrencies = [10] }.WriteToTemp();
        string candidate = new SyntheticResults { RequestsPerSeries = 3_000, TtftMs = 120, Seed = 8, TokensPerRequest = 2, Transports = ["sse"], Concurrencies = [10], FakeLate = ("sse/c10", 41.2, 58.4) }.WriteToTemp();

        var row = Assert.Single(ResultsDiff.Compare(baseline, candidate, s_ttftP50 with { Percentiles = [percentile], MaxRegression = RegressionLimit.Parse("5ms") }).Rows);

        Assert.Equal(expected, row.Gate);
        Assert.EndsWith(
            expected == VerdictStatus.Inconclusive ? "(p99.9 41.2 ms late, max 58.4 ms): the regression may be the harness's" : "the whole interval is past the limit",
            row.Reason,
            StringComparison.Ordinal);
    }

    [Fact]
    public void TwoSamplesOfOneDistribution_NoDetectableDifference_GatePasses()
    {
        string baseline = new SyntheticResults { RequestsPerSeries = 400, Seed = 1 }.WriteToTemp();
        string candidate = new SyntheticResults { RequestsPerSeries = 400, Seed = 2 }.WriteToTemp();

        var report = ResultsDiff.Compare(baseline, candidate, new DiffOptions { Percentiles = [50, 95] });

        Assert.Empty(report.Mismatches);
        Assert.Equal(VerdictStatus.Met, report.Overall);
        Assert.DoesNotContain("Inconclusive, because", DiffMarkdown.Render(report), StringComparison.Ordinal);
        // 54 intervals at 95%: a few may exclude 0 by chance, most must not.
        Assert.True(report.Rows.Count(r => r.Status == DiffStatus.NoDetectableDifference) >= report.Rows.Count * 0.8,
            string.Join("\n", report.Rows.Select(r => r.Reason)));
    }

    [Fact]
    public void AMetricNearlyAbsentOnBothSides_IsNotCompared_AndLeavesTheGateToTheOthers()
    {
        // Connect is sampled by each series' cold requests only: 1 a side at c1, 10 at c10, 100 at c100.
        string baseline = new SyntheticResults { RequestsPerSeries = 400, Seed = 1 }.WriteToTemp();
        string candidate = new SyntheticResults { RequestsPerSeries = 400, Seed = 2 }.WriteToTemp();

        var report = ResultsDiff.Compare(baseline, candidate, new DiffOptions { Metrics = ["connect", "ttft"], Percentiles = [50], MaxRegression = RegressionLimit.Parse("5ms") });

        Assert.Equal(["sse c1", "sse-h2 c1", "ws c1"], report.NotCompared.Select(n => $"{n.Transport} {n.LoadPoint}"));
        Assert.All(report.NotCompared, n => Assert.Equal(("connect", 1L, 1L), (n.Metric, n.BaselineCount, n.CandidateCount)));
        Assert.DoesNotContain(report.Rows, r => r.Metric == "connect" && r.LoadPoint == "c1");
        Assert.Contains(report.Rows, r => r.Metric == "connect" && r.LoadPoint == "c10"); // 10 a side judges p50
        Assert.Empty(report.Unmeasured);
        Assert.Equal(VerdictStatus.Met, report.Overall);
        Assert.Contains(
            "- sse c1 connect: n = 1/1, fewer than the 10 any percentile needs on both sides; connect is sampled only by requests that open a connection, so few samples are no sign of failures",
            DiffMarkdown.Render(report),
            StringComparison.Ordinal);
    }

    [Fact]
    public void AMetricNearlyAbsentOnOneSideOnly_OrPerRequest_StaysInconclusive()
    {
        var (baseline, hb) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));
        var (candidate, hc) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));
        HistogramSet.Record(hb.Get("sse", "c10", MetricNames.Connect), TimeSpan.FromMilliseconds(0.3));
        for (int i = 0; i < 50; i++)
        {
            HistogramSet.Record(hc.Get("sse", "c10", MetricNames.Connect), TimeSpan.FromMilliseconds(0.3));
        }

        // One connection against fifty: the candidate reconnected, which a percentile of one cannot weigh.
        var oneSided = ResultsDiff.Compare("b", baseline, hb, "c", candidate, hc, s_ttftP50 with { Metrics = ["connect"] });
        Assert.Equal(VerdictStatus.Inconclusive, Assert.Single(oneSided.Rows).Gate);
        Assert.Empty(oneSided.NotCompared);

        // Five requests a side: a short run, not an absent metric; it must not pass on no evidence.
        var (few, hf) = ConstantTtftRun.Sized(5, lagP99Ms: 0.1, fakeLateP99Ms: null, ("sse", 100));
        var (fewCandidate, hfc) = ConstantTtftRun.Sized(5, lagP99Ms: 0.1, fakeLateP99Ms: null, ("sse", 100));
        var shortRun = ResultsDiff.Compare("b", few, hf, "c", fewCandidate, hfc, s_ttftP50);
        Assert.Equal(DiffStatus.TooFewSamples, Assert.Single(shortRun.Rows).Status);
        Assert.Empty(shortRun.NotCompared);
        Assert.Equal(VerdictStatus.Inconclusive, shortRun.Overall);
    }

    [Theory]
    [InlineData(500)] // present in the baseline, absent in the candidate: a row, inconclusive, not hidden
    [InlineData(5)]   // nearly absent on both sides: not compared, and the failed share still fails it
    public void AMetricAbsentInTheCandidateBecauseItsRequestsFailed_StillFailsTheGate(int baselineItl)
    {
        var (baseline, hb) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));
        var (candidate, hc) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));
        for (int i = 0; i < baselineItl; i++)
        {
            HistogramSet.Record(hb.Get("sse", "c10", MetricNames.Itl), TimeSpan.FromMilliseconds(20));
        }

        candidate = WithOutcomes(candidate, new() { ["http_error"] = ConstantTtftRun.Requests });
        var failed = new HistogramSet(); // every request failed: no itl, no ttft

        var report = ResultsDiff.Compare("b", baseline, hb, "c", candidate, failed, s_ttftP50 with { Metrics = ["itl"] });

        Assert.Equal(VerdictStatus.NotMet, Assert.Single(report.ErrorShares).Gate);
        Assert.Equal(VerdictStatus.NotMet, report.Overall);
        Assert.Equal(baselineItl >= 10, report.Rows.Any(r => r.Metric == "itl" && r.Gate == VerdictStatus.Inconclusive));
        Assert.Equal(baselineItl < 10, report.NotCompared.Any(n => n.Metric == "itl"));
    }

    [Fact]
    public void DifferentModel_Refused_UnlessForced()
    {
        string baseline = new SyntheticResults { RequestsPerSeries = 50, TtftMs = 100 }.WriteToTemp();
        string candidate = new SyntheticResults { RequestsPerSeries = 50, TtftMs = 120 }.WriteToTemp();

        var refused = ResultsDiff.Compare(baseline, candidate);
        Assert.True(refused.Refused);
        Assert.Empty(refused.Rows);
        Assert.Contains(refused.Mismatches, m => m.StartsWith("model:", StringComparison.Ordinal));

        var forced = ResultsDiff.Compare(baseline, candidate, new DiffOptions { AllowMismatch = true });
        Assert.False(forced.Refused);
        Assert.NotEmpty(forced.Rows);
        Assert.Contains("--allow-mismatch", DiffMarkdown.Render(forced), StringComparison.Ordinal);
    }

    [Fact]
    public void MissingSeries_Refused_ForcedComparesTheCommonOnes()
    {
        string baseline = new SyntheticResults { RequestsPerSeries = 50 }.WriteToTemp();
        string candidate = new SyntheticResults { RequestsPerSeries = 50, Transports = ["sse", "ws"], Concurrencies = [10] }.WriteToTemp();

        var refused = ResultsDiff.Compare(baseline, candidate);
        Assert.True(refused.Refused);
        Assert.Contains(refused.Mismatches, m => m.Contains("only in the baseline: sse c1", StringComparison.Ordinal));

        var forced = ResultsDiff.Compare(baseline, candidate, s_ttftP50);
        Assert.Equal(["sse c10", "ws c10"], forced.Rows.Select(r => $"{r.Transport} {r.LoadPoint}"));
    }

    [Fact]
    public void TooFewSamplesForP99_Inconclusive()
    {
        string baseline = new SyntheticResults { RequestsPerSeries = 60, Seed = 1 }.WriteToTemp();
        string candidate = new SyntheticResults { RequestsPerSeries = 60, Seed = 2 }.WriteToTemp();

        var report = ResultsDiff.Compare(baseline, candidate, new DiffOptions { Metrics = ["ttft"], Percentiles = [99] });

        Assert.All(report.Rows, r =>
        {
            Assert.Equal(DiffStatus.TooFewSamples, r.Status);
            Assert.Equal(VerdictStatus.Inconclusive, r.Gate);
            Assert.Contains("too few samples", r.Reason, StringComparison.Ordinal);
            Assert.EndsWith("; a run about 5× as long would give enough", r.Reason, StringComparison.Ordinal);
        });
        Assert.Equal(VerdictStatus.Inconclusive, report.Overall);
        string md = DiffMarkdown.Render(report);
        Assert.All(report.Rows, r => Assert.Contains($"- {r.Transport} {r.LoadPoint} ttft p99: too few samples for p99: 60 < 300", md, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(100, 0.2, VerdictStatus.NotMet)]        // +1.02 ms clears a 0.2 ms lag and the 0.064 ms step
    [InlineData(100, 1.5, VerdictStatus.Inconclusive)]  // not the candidate's 1.5 ms lag p99
    [InlineData(1100, 0.1, VerdictStatus.Inconclusive)] // at 1.1 s it is one histogram step (1.02 ms)
    public void ARegressionPastTheLimitButNotPastTheResolution_IsInconclusive(double baseMs, double candidateLagP99Ms, VerdictStatus expected)
    {
        var (baseline, hb) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", baseMs));
        var (candidate, hc) = ConstantTtftRun.Of(candidateLagP99Ms, ("sse", baseMs + 1));

        var report = ResultsDiff.Compare("b", baseline, hb, "c", candidate, hc, s_ttftP50 with { MaxRegression = RegressionLimit.Parse("0.5ms") });

        var row = Assert.Single(report.Rows);
        Assert.True(row.CiLowMs > 0.5, "the interval alone is past the limit");
        Assert.Equal(expected, row.Gate);
        Assert.Equal(expected == VerdictStatus.Inconclusive, row.Reason.Contains("not past the runs' resolution", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.2, VerdictStatus.NotMet)]       // +1.02 ms clears 0.1 ms lag, 0.2 ms fake lateness and the step
    [InlineData(1.5, VerdictStatus.Inconclusive)] // the embedded fake writing 1.5 ms late at p99 could have made it
    public void ARegressionWithinTheEmbeddedFakesLateness_IsInconclusive(double fakeLateP99Ms, VerdictStatus expected)
    {
        var (baseline, hb) = ConstantTtftRun.AgainstFake(lagP99Ms: 0.1, fakeLateP99Ms: 0.2, ("sse", 100));
        var (candidate, hc) = ConstantTtftRun.AgainstFake(lagP99Ms: 0.1, fakeLateP99Ms, ("sse", 101));

        var report = ResultsDiff.Compare("b", baseline, hb, "c", candidate, hc, s_ttftP50 with { MaxRegression = RegressionLimit.Parse("0.5ms") });

        var row = Assert.Single(report.Rows);
        Assert.Equal(expected, row.Gate);
        Assert.Equal(
            expected == VerdictStatus.Inconclusive,
            row.Reason.Contains("not past the runs' resolution (1.664 ms: the candidate's scheduling lag p99 0.1 ms, the embedded fake's lateness p99 1.5 ms and the histograms' step 0.064 ms)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(110, 8, VerdictStatus.Inconclusive)] // +10 ms, 5 past the limit: inside the saturated round's 8 ms
    [InlineData(120, 8, VerdictStatus.NotMet)]       // 15 past the limit: more than the lag could add
    [InlineData(110, 4, VerdictStatus.NotMet)]       // no round saturated
    public void ARegressionPastTheLimitByNoMoreThanTheSaturatedCandidatesLag_IsInconclusive(double candidateMs, double roundLagMs, VerdictStatus expected)
    {
        var (baseline, hb) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));
        var (candidate, hc) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", candidateMs));
        candidate = SaturatedSeries.With(candidate, _ => true, 2, [1, roundLagMs, 1]);

        var row = Assert.Single(ResultsDiff.Compare("b", baseline, hb, "c", candidate, hc, s_ttftP50 with { MaxRegression = RegressionLimit.Parse("5ms") }).Rows);

        Assert.Equal(expected, row.Gate);
        Assert.True(
            expected == VerdictStatus.Inconclusive ==
            row.Reason.Contains("but the candidate's harness was saturated (scheduling lag p99 8 ms > 5 ms in sse c10, round 2 of 3; 2 ms over its 3 rounds taken together): its lag of 8 ms could account for the 4.984 ms past the limit", StringComparison.Ordinal), row.Reason);
    }

    [Theory]
    [InlineData(103, 8, VerdictStatus.Inconclusive)] // within the limit by 2 ms: the baseline's 8 ms lag may have raised it
    [InlineData(90, 8, VerdictStatus.Met)]           // within it by 15 ms
    [InlineData(103, 4, VerdictStatus.Met)]          // no round saturated
    public void APassByLessThanTheSaturatedBaselinesLag_IsInconclusive(double candidateMs, double roundLagMs, VerdictStatus expected)
    {
        var (baseline, hb) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));
        var (candidate, hc) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", candidateMs));
        baseline = SaturatedSeries.With(baseline, _ => true, 2, [1, roundLagMs, 1]);

        var row = Assert.Single(ResultsDiff.Compare("b", baseline, hb, "c", candidate, hc, s_ttftP50 with { MaxRegression = RegressionLimit.Parse("5ms") }).Rows);

        Assert.Equal(expected, row.Gate);
        Assert.Equal(
            expected == VerdictStatus.Inconclusive,
            row.Reason.Contains("but the baseline's harness was saturated (scheduling lag p99 8 ms > 5 ms in sse c10, round 2 of 3; 2 ms over its 3 rounds taken together): its lag of 8 ms may have raised the baseline, and the candidate is within the limit by only 1.9", StringComparison.Ordinal));
    }

    [Fact]
    public void ASaturatedRunThatLeavesRowsInconclusive_IsNamedOnce_WithItsLagRoundAndWhatToDo()
    {
        var (baseline, hb) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));
        var (candidate, hc) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));
        var saturated = SaturatedSeries.With(baseline, _ => true, 2, [1, 8, 1]);
        var options = s_ttftP50 with { Percentiles = [50, 95], MaxRegression = RegressionLimit.Parse("5ms") };

        // An identical candidate: within the 5 ms limit by 5 ms, under the baseline's 8 ms lag.
        var report = ResultsDiff.Compare("results/base", saturated, hb, "c", candidate, hc, options);

        Assert.Equal(VerdictStatus.Inconclusive, report.Overall);
        const string advice = "2 rows inconclusive only because the baseline (results/base) was recorded on a saturated harness (scheduling lag p99 8 ms > 5 ms in sse c10, round 2 of 3; 2 ms over its 3 rounds taken together): record the baseline again on a quieter machine, or with less load, so that its lag p99 stays within 5 ms";
        Assert.Equal([advice], report.Advice);
        Assert.Contains("> [!TIP]\n> " + advice, DiffMarkdown.Render(report), StringComparison.Ordinal);

        // The candidate's side: +10 ms, past the limit by no more than its own 8 ms lag.
        var (slower, hs) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 110));
        var candidateSide = ResultsDiff.Compare("b", baseline, hb, "results/cand", SaturatedSeries.With(slower, _ => true, 2, [1, 8, 1]), hs, options);
        Assert.StartsWith("2 rows inconclusive only because the candidate (results/cand) was recorded on a saturated harness (scheduling lag p99 8 ms", Assert.Single(candidateSide.Advice), StringComparison.Ordinal);

        // Saturated but with margin to spare, or not saturated: nothing to advise.
        Assert.Empty(ResultsDiff.Compare("b", saturated, hb, "c", candidate, hc, options with { MaxRegression = RegressionLimit.Parse("20ms") }).Advice);
        Assert.Empty(ResultsDiff.Compare("b", baseline, hb, "c", candidate, hc, options).Advice);
    }

    [Fact]
    public void ACandidateFailingMostOfItsRequests_FailsTheGate_ThoughItsSuccessesAreAsFast()
    {
        var (baseline, hb) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));
        var (candidate, hc) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));
        candidate = WithOutcomes(candidate, new() { ["ok"] = ConstantTtftRun.Requests, ["http_error"] = 700 });

        var report = ResultsDiff.Compare("b", baseline, hb, "c", candidate, hc, s_ttftP50);

        Assert.Equal(VerdictStatus.NotMet, report.Overall);
        var row = Assert.Single(report.Rows);
        Assert.Equal(VerdictStatus.NotMet, row.Gate);
        Assert.Contains("(0/700 failed, counted as +∞)", row.Reason, StringComparison.Ordinal);
        var errors = Assert.Single(report.ErrorShares);
        Assert.Equal(VerdictStatus.NotMet, errors.Gate);
        Assert.StartsWith("failed 0% (0 of 500) → 58.333% (700 of 1200)", errors.Reason, StringComparison.Ordinal);
        Assert.EndsWith("the candidate fails more requests than allowed, beyond doubt (http_error 700)", errors.Reason, StringComparison.Ordinal);
        Assert.Contains("∞ (failed)", DiffMarkdown.Render(report), StringComparison.Ordinal);
    }

    [Fact]
    public void AnIntervalReachingFailedRequests_ReadsUnbounded_NotAbsent()
    {
        var (baseline, hb) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));
        var (candidate, hc) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));
        // 480 failed of 980: the candidate's p50 is a success, but about a quarter of its resamples' is a failure (+∞).
        var straddling = WithOutcomes(candidate, new() { ["ok"] = ConstantTtftRun.Requests, ["http_error"] = 480 });
        // 700 failed of 1200: nearly every resample's p50 is a failure.
        var failing = WithOutcomes(candidate, new() { ["ok"] = ConstantTtftRun.Requests, ["http_error"] = 700 });

        var upper = Assert.Single(ResultsDiff.Compare("b", baseline, hb, "c", straddling, hc, s_ttftP50).Rows);
        var both = Assert.Single(ResultsDiff.Compare("b", baseline, hb, "c", failing, hc, s_ttftP50).Rows);
        var lower = Assert.Single(ResultsDiff.Compare("b", straddling, hc, "c", baseline, hb, s_ttftP50).Rows);

        Assert.Contains("| [+0.00, +∞] |", DiffMarkdown.Render(ResultsDiff.Compare("b", baseline, hb, "c", straddling, hc, s_ttftP50)), StringComparison.Ordinal);
        Assert.Contains("| [+∞, +∞] |", DiffMarkdown.Render(ResultsDiff.Compare("b", baseline, hb, "c", failing, hc, s_ttftP50)), StringComparison.Ordinal);
        Assert.Contains("| [−∞, +0.00] |", DiffMarkdown.Render(ResultsDiff.Compare("b", straddling, hc, "c", baseline, hb, s_ttftP50)), StringComparison.Ordinal);
        Assert.Equal((double.PositiveInfinity, double.PositiveInfinity, double.NegativeInfinity), (upper.CiHighMs, both.CiLowMs, lower.CiLowMs));
    }

    [Fact]
    public void InJson_AnUnboundedFigureIsInfinity_AsInVerdictsJson_AndOneWithoutSamplesIsNull()
    {
        var (baseline, hb) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));
        var (candidate, hc) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));
        var straddling = WithOutcomes(candidate, new() { ["ok"] = ConstantTtftRun.Requests, ["http_error"] = 480 });
        // 700 failed of 1200: the candidate's p50 itself is a failure.
        var failing = WithOutcomes(candidate, new() { ["ok"] = ConstantTtftRun.Requests, ["http_error"] = 700 });

        string upper = JsonSerializer.Serialize(ResultsDiff.Compare("b", baseline, hb, "c", straddling, hc, s_ttftP50), ResultsDirectory.JsonOptions);
        string lower = JsonSerializer.Serialize(ResultsDiff.Compare("b", straddling, hc, "c", baseline, hb, s_ttftP50), ResultsDirectory.JsonOptions);
        var failed = ResultsDiff.Compare("b", baseline, hb, "c", failing, hc, s_ttftP50);
        string failedJson = JsonSerializer.Serialize(failed, ResultsDirectory.JsonOptions);

        Assert.Contains("\"ciHighMs\": \"Infinity\"", upper, StringComparison.Ordinal);
        Assert.Contains("\"ciLowMs\": \"-Infinity\"", lower, StringComparison.Ordinal);
        foreach (string field in (string[])["candidateMs", "differenceMs", "ciLowMs", "ciHighMs", "relativeChange"])
        {
            Assert.Contains($"\"{field}\": \"Infinity\"", failedJson, StringComparison.Ordinal);
        }

        Assert.Contains(Assert.Single(failed.Rows).Reason, JsonNode.Parse(failedJson)!["rows"]![0]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        var read = Assert.Single(JsonSerializer.Deserialize<DiffReport>(upper, ResultsDirectory.JsonOptions)!.Rows);
        Assert.Equal(double.PositiveInfinity, read.CiHighMs);

        // Connect sampled in the baseline only: the candidate's side has no samples, so no figure at all.
        for (int i = 0; i < 20; i++)
        {
            HistogramSet.Record(hb.Get("sse", "c10", MetricNames.Connect), TimeSpan.FromMilliseconds(0.3));
        }

        var none = JsonNode.Parse(JsonSerializer.Serialize(ResultsDiff.Compare("b", baseline, hb, "c", candidate, hc, s_ttftP50 with { Metrics = ["connect"] }), ResultsDirectory.JsonOptions))!["rows"]![0]!.AsObject();
        Assert.Equal("connect p50: no samples in the candidate", none["reason"]!.GetValue<string>());
        foreach (string field in (string[])["baselineMs", "candidateMs", "differenceMs", "ciLowMs", "ciHighMs", "relativeChange", "limitMs"])
        {
            Assert.True(none.ContainsKey(field) && none[field] is null, $"{field}: {none[field]?.ToJsonString()}");
        }
    }

    // 0% of a baseline percentile among failed requests was 0 × ∞ = NaN, a limit no interval is
    // within: "straddles the limit" with a longer-run hint. Any share of +∞ is +∞, so nothing the
    // candidate has there is past it; the failed-share row judges which run fails more.
    [Theory]
    [InlineData(false, false, VerdictStatus.Met)]
    [InlineData(true, false, VerdictStatus.Met)]
    [InlineData(false, true, VerdictStatus.NotMet)] // the other way: only the candidate's p50 failed
    public void AZeroShareLimit_OfABaselineWhosePercentileFailed_IsMet_AndSaysWhy(bool candidateFails, bool onlyCandidateFails, VerdictStatus expected)
    {
        var (ok, hb) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));
        var (other, hc) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));
        // 700 failed of 1200: the p50 itself is a failure.
        var failing = WithOutcomes(other, new() { ["ok"] = ConstantTtftRun.Requests, ["http_error"] = 700 });
        var (baseline, candidate) = onlyCandidateFails
            ? (ok, failing)
            : (failing, candidateFails ? WithOutcomes(ok, new() { ["ok"] = ConstantTtftRun.Requests, ["http_error"] = 700 }) : ok);
        var options = s_ttftP50 with { MaxRegression = RegressionLimit.Parse("0%") };

        var report = ResultsDiff.Compare("b", baseline, onlyCandidateFails ? hb : hc, "c", candidate, onlyCandidateFails ? hc : hb, options);

        var row = Assert.Single(report.Rows);
        Assert.Equal(expected, row.Gate);
        Assert.Equal(expected, report.Overall);
        string json = JsonSerializer.Serialize(report, ResultsDirectory.JsonOptions);
        string markdown = DiffMarkdown.Render(report);
        Assert.DoesNotContain("straddles", row.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", row.Reason + markdown, StringComparison.Ordinal);
        if (onlyCandidateFails)
        {
            Assert.Equal(0, row.LimitMs);
            Assert.EndsWith("limit +0 ms: the candidate's p50 is a failed request", row.Reason, StringComparison.Ordinal);
            return;
        }

        Assert.Equal(double.PositiveInfinity, row.LimitMs);
        Assert.Contains("\"limitMs\": \"Infinity\"", json, StringComparison.Ordinal);
        Assert.Contains("limit +∞ ms: the baseline's p50 is a failed request, so no candidate figure is past the limit", row.Reason, StringComparison.Ordinal);
        Assert.Equal(candidateFails, row.Reason.Contains("the candidate's is one too", StringComparison.Ordinal));
        // No share of +∞ says anything, though ∞ − ∞ counts as 0: not "0%".
        Assert.Null(row.RelativeChange);
        Assert.Contains("| – | 1,200/", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Inconclusive, because", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void ASeriesWhoseEveryRequestFailed_IsAFailure_NotTooFewSamples()
    {
        var (baseline, hb) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100), ("ws", 100));
        var (candidate, hc) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));
        candidate = candidate with
        {
            Series = [.. candidate.Series, candidate.Series[0] with { Transport = "ws", Outcomes = new() { ["http_error"] = 900 } }],
        };

        var report = ResultsDiff.Compare("b", baseline, hb, "c", candidate, hc, s_ttftP50);

        var ws = report.Rows.Single(r => r.Transport == "ws");
        Assert.Equal(VerdictStatus.NotMet, ws.Gate);
        Assert.NotEqual(DiffStatus.TooFewSamples, ws.Status);
        Assert.Equal(VerdictStatus.NotMet, report.ErrorShares.Single(e => e.Transport == "ws").Gate);
        Assert.Equal(VerdictStatus.Met, report.ErrorShares.Single(e => e.Transport == "sse").Gate);
        Assert.Equal(VerdictStatus.NotMet, report.Overall);
    }

    [Theory]
    [InlineData(0, 1, VerdictStatus.Met)]      // one failure more is no rise beyond doubt
    [InlineData(10, 10, VerdictStatus.Met)]    // as many as the baseline's
    [InlineData(0, 40, VerdictStatus.NotMet)]  // 8% where there were none
    public void TheFailedShareRow_FailsOnlyARiseBeyondDoubt(int baselineFailed, int candidateFailed, VerdictStatus expected)
    {
        var (baseline, hb) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));
        var (candidate, hc) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));
        baseline = WithOutcomes(baseline, new() { ["ok"] = ConstantTtftRun.Requests, ["timeout"] = baselineFailed });
        candidate = WithOutcomes(candidate, new() { ["ok"] = ConstantTtftRun.Requests, ["timeout"] = candidateFailed });

        var report = ResultsDiff.Compare("b", baseline, hb, "c", candidate, hc, s_ttftP50);

        Assert.Equal(expected, Assert.Single(report.ErrorShares).Gate);
        Assert.Equal(expected, report.Overall);
    }

    private static Harness.Load.Results.RunResults WithOutcomes(Harness.Load.Results.RunResults run, Dictionary<string, long> outcomes) =>
        run with { Series = [.. run.Series.Select(s => s with { Outcomes = outcomes })] };

    [Fact]
    public void OneRunOnBothSides_IsRefused_EvenWithAllowMismatch()
    {
        var (run, histograms) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));

        var report = ResultsDiff.Compare("a", run, histograms, "a-copy", run, histograms, s_ttftP50);

        Assert.True(report.Refused);
        Assert.True(report.SameRun);
        Assert.Empty(report.Rows);
        Assert.Equal($"the baseline and the candidate are one run (runId {run.RunId}): a run against itself always passes", Assert.Single(report.Mismatches));
        // Files from before runIds (empty) are not taken for one run.
        Assert.False(ResultsDiff.Compare("a", run with { RunId = "" }, histograms, "b", run with { RunId = "" }, histograms, s_ttftP50).Refused);
    }

    [Fact]
    public void RunsThatSentDifferentRequests_AreRefused_AndRunsFromBeforeTheRecordCarryACaution()
    {
        var (baseline, hb) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));
        var (candidate, hc) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));
        var sent = new Dictionary<string, string>();
        SentSettings.AddTo(sent, [[new ChatMessage("user", "Say hello.")]], 128, null, new Dictionary<string, string> { ["x-fake-profile"] = "ttft=50" }, new ClientTimeouts());
        var other = new Dictionary<string, string>();
        SentSettings.AddTo(other, [[new ChatMessage("user", "write a long essay")]], 1024, null, new Dictionary<string, string> { ["x-fake-profile"] = "ttft=70" }, new ClientTimeouts { Idle = TimeSpan.FromSeconds(1) });

        var refused = ResultsDiff.Compare("b", baseline with { Settings = sent }, hb, "c", candidate with { Settings = other }, hc, new DiffOptions());

        Assert.True(refused.Refused);
        Assert.Equal(["max tokens sent", "prompts sent", "headers sent", "timeouts sent"], refused.Mismatches.Select(m => m[..m.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Contains("'128' vs '1024'", refused.Mismatches[0], StringComparison.Ordinal);

        var old = ResultsDiff.Compare("b", baseline, hb, "c", candidate with { Settings = other }, hc, new DiffOptions());
        Assert.False(old.Refused);
        Assert.Contains(old.Cautions, c => c.StartsWith("what was sent (max tokens, prompts, body, headers, timeouts) is not recorded in the baseline (b)", StringComparison.Ordinal));
    }

    [Fact]
    public void SentSettings_NeverRecordACredentialsValue()
    {
        var sent = new Dictionary<string, string>();
        SentSettings.AddTo(sent, [[new ChatMessage("user", "hi")]], null, null, new Dictionary<string, string> { ["Authorization"] = "Bearer sk-secret", ["X-Api-Key"] = "k1" }, new ClientTimeouts());
        var rotated = new Dictionary<string, string>();
        SentSettings.AddTo(rotated, [[new ChatMessage("user", "hi")]], null, null, new Dictionary<string, string> { ["Authorization"] = "Bearer sk-other", ["X-Api-Key"] = "k2" }, new ClientTimeouts());

        Assert.Equal("authorization,x-api-key", sent["headers"]);
        Assert.Equal(sent, rotated);
    }

    [Fact]
    public void DifferentDurations_AreACaution_NotAMismatch()
    {
        var (baseline, hb) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));
        var (candidate, hc) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));

        var report = ResultsDiff.Compare("b", baseline with { Settings = new() { ["duration"] = "3s" } }, hb, "c", candidate with { Settings = new() { ["duration"] = "4s" } }, hc, s_ttftP50);

        Assert.False(report.Refused);
        Assert.Contains("the runs lasted differently (duration 3s vs 4s): compared anyway, with each side's own sample size", report.Cautions);
    }

    [Fact]
    public void TheEmbeddedFakeAgainstAnEndpoint_IsRefused_TwoEndpointsAreACaution()
    {
        var (baseline, hb) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));
        var (candidate, hc) = ConstantTtftRun.Of(lagP99Ms: 0.1, ("sse", 100));
        var fake = baseline with { Target = RunResults.EmbeddedFakeTarget };
        var provider = candidate with { Target = "https://api.example.com/v1" };
        var relay = candidate with { Target = "https://relay.example.com/v1", RunId = "relay" };

        var refused = ResultsDiff.Compare("b", fake, hb, "c", provider, hc, s_ttftP50 with { AllowMismatch = false });
        Assert.True(refused.Refused);
        Assert.Equal("target: 'embedded fake' vs 'https://api.example.com/v1'", Assert.Single(refused.Mismatches));

        var twoEndpoints = ResultsDiff.Compare("b", provider, hb, "c", relay, hc, s_ttftP50 with { AllowMismatch = false });
        Assert.False(twoEndpoints.Refused, string.Join("; ", twoEndpoints.Mismatches));
        Assert.Contains("the runs measured different endpoints ('https://api.example.com/v1' vs 'https://relay.example.com/v1'): compared as asked, so a difference is the endpoints' as much as a change's", twoEndpoints.Cautions);

        var same = ResultsDiff.Compare("b", provider, hb, "c", provider with { RunId = "other" }, hc, s_ttftP50 with { AllowMismatch = false });
        Assert.False(same.Refused);
        Assert.DoesNotContain(same.Cautions, c => c.Contains("different endpoints", StringComparison.Ordinal));
    }
}
