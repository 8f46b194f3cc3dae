using Harness.Load.Results;
using Harness.Reports.Claims;

namespace Harness.Reports.Tests;

public sealed class ClaimVerifierTests
{
    private static readonly Lazy<(RunResults Results, HistogramSet Histograms)> s_run =
        new(() => ResultsDirectory.Read(new SyntheticResults().WriteToTemp()));

    [Theory]
    [InlineData("itl p50 < 100ms", 200, VerdictStatus.Inconclusive)] // most answers held back: gaps time a relay's writes
    [InlineData("itl p50 < 100ms", 199, VerdictStatus.Met)]          // half: left to stand
    [InlineData("ttft p50 < 150ms", 200, VerdictStatus.Met)]         // TTFT is what a user waited, held back or not
    [InlineData("itl p50 < 5ms", 200, VerdictStatus.NotMet)]         // only a met gap claim is in doubt
    public void AGapClaimMetByHeldBackAnswers_IsInconclusive(string text, long heldBack, VerdictStatus expected)
    {
        var (results, histograms) = ResultsDirectory.Read(new SyntheticResults { Concurrencies = [10], HeldBack = ("sse/c10", heldBack) }.WriteToTemp());

        var verdict = ClaimVerifier.Verify(results, histograms, LatencyClaim.Parse(text), "sse", "c10").Single();
        var other = ClaimVerifier.Verify(results, histograms, LatencyClaim.Parse(text), "ws", "c10").Single();

        Assert.Equal(expected, verdict.Status);
        Assert.Equal(expected == VerdictStatus.Inconclusive, verdict.Reason.EndsWith($"; but {heldBack} of its 398 answers came all at once, not streamed: its gaps between tokens time a relay's writes, not generation", StringComparison.Ordinal));
        Assert.NotEqual(VerdictStatus.Inconclusive, other.Status);
    }

    [Fact]
    public void TtftAround100ms_IsNotUnder50ms_InAnySeries()
    {
        var verdicts = ClaimVerifier.Verify(s_run.Value.Results, s_run.Value.Histograms, LatencyClaim.Parse("ttft p50 < 50ms"));
        Assert.Equal(9, verdicts.Count);
        Assert.All(verdicts, v => Assert.Equal(VerdictStatus.NotMet, v.Status));
        Assert.Equal(VerdictStatus.NotMet, ClaimVerifier.Combine(verdicts));
    }

    [Fact]
    public void TtftAround100ms_IsUnder150ms_WithAnIntervalAroundTheEstimate()
    {
        var verdicts = ClaimVerifier.Verify(s_run.Value.Results, s_run.Value.Histograms, LatencyClaim.Parse("ttft p50 < 150ms"));
        Assert.Equal(VerdictStatus.Met, ClaimVerifier.Combine(verdicts));
        Assert.All(verdicts, v =>
        {
            Assert.InRange(v.EstimateMs!.Value, 95, 115);
            Assert.InRange(v.EstimateMs.Value, v.CiLowMs!.Value, v.CiHighMs!.Value);
            Assert.Equal(400, v.SampleSize);
            // Connect ≈ 0.35 ms in the synthetic run: a small, stated share of the figure.
            Assert.InRange(v.NetworkShare!.Value, 0.001, 0.01);
            Assert.Equal(v.EstimateMs.Value - v.NetworkRoundTripMs!.Value, v.ServerTimeMs!.Value, 9);
        });
    }

    [Fact]
    public void ThresholdAtTheEstimate_IsInconclusive()
    {
        var (results, histograms) = s_run.Value;
        var estimate = ClaimVerifier.Verify(results, histograms, LatencyClaim.Parse("ttft p50 < 150ms"), "ws", "c100").Single();
        // A threshold inside the interval: the data cannot tell.
        double inside = (estimate.CiLowMs!.Value + estimate.CiHighMs!.Value) / 2;
        var claim = LatencyClaim.Parse(FormattableString.Invariant($"ttft p50 < {inside:0.####}ms"));
        var verdict = ClaimVerifier.Verify(results, histograms, claim, "ws", "c100").Single();
        Assert.Equal(VerdictStatus.Inconclusive, verdict.Status);
        Assert.Contains("straddles", verdict.Reason, StringComparison.Ordinal);

        // The side of the interval that crosses the threshold shrinks as 1/√n around the estimate.
        double e = verdict.EstimateMs!.Value, t = claim.ThresholdMs;
        double width = e < t ? verdict.CiHighMs!.Value - e : e - verdict.CiLowMs!.Value;
        double times = Math.Ceiling(Math.Pow(width / Math.Abs(t - e), 2) * 10) / 10;
        Assert.True(times > 1, verdict.Reason);
        Assert.EndsWith(FormattableString.Invariant($"a run about {times:0.#}× as long would likely decide it"), verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TooFewSamplesForTheTail_IsInconclusive()
    {
        var verdicts = ClaimVerifier.Verify(s_run.Value.Results, s_run.Value.Histograms, LatencyClaim.Parse("ttft p99.9 < 10s"), "sse");
        Assert.All(verdicts, v =>
        {
            Assert.Equal(VerdictStatus.Inconclusive, v.Status);
            Assert.Contains("too few samples", v.Reason, StringComparison.Ordinal);
        });
        Assert.Equal(3000, ClaimVerifier.MinimumSamples(99.9));
        Assert.Equal(60, ClaimVerifier.MinimumSamples(95));
        Assert.Equal(10, ClaimVerifier.MinimumSamples(50));
    }

    [Theory]
    [InlineData(1.0, VerdictStatus.Inconclusive)] // without the requests a pause may have delayed, the claim holds
    [InlineData(-1.0, VerdictStatus.NotMet)]      // it fails even without them
    public void TtftTailAboveTheLimit_OnlyThroughTheHarnesssPauses_IsInconclusive(double undelayedBelowLimitMs, VerdictStatus expected)
    {
        var (results, histograms) = s_run.Value;
        var plain = ClaimVerifier.Verify(results, histograms, LatencyClaim.Parse("ttft p99 < 150ms"), "sse", "c100").Single();
        double limit = Math.Floor(plain.CiLowMs!.Value - 1); // the whole interval above it
        var claim = LatencyClaim.Parse(FormattableString.Invariant($"ttft p99 < {limit}ms"));
        Assert.Equal(VerdictStatus.NotMet, ClaimVerifier.Verify(results, histograms, claim, "sse", "c100").Single().Status);
        double p99 = results.Series.Single(x => x.Transport == "sse" && x.LoadPoint == "c100").Metrics["ttft"].P99;
        var (paused, pausedHistograms) = ResultsDirectory.Read(new SyntheticResults { Paused = ("sse/c100", p99 - (limit - undelayedBelowLimitMs)) }.WriteToTemp());

        var verdict = ClaimVerifier.Verify(paused, pausedHistograms, claim, "sse", "c100").Single();

        Assert.Equal(expected, verdict.Status);
        Assert.Equal(expected == VerdictStatus.Inconclusive, verdict.Reason.Contains("a pause of the harness itself (up to 30 ms) may have delayed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1.0, VerdictStatus.Inconclusive)] // without the requests whose end a pause may have delayed, the claim holds
    [InlineData(-1.0, VerdictStatus.NotMet)]      // it fails even without them
    public void E2eTailAboveTheLimit_OnlyThroughEndsThePausesMayHaveDelayed_IsInconclusive(double undelayedBelowLimitMs, VerdictStatus expected)
    {
        var (results, histograms) = s_run.Value;
        var plain = ClaimVerifier.Verify(results, histograms, LatencyClaim.Parse("e2e p99 < 60s"), "sse", "c100").Single();
        // 5 ms under the interval: past the run's resolution (lag p99 plus the e2e histogram's step at ~1 s).
        double limit = Math.Floor(plain.CiLowMs!.Value - 5);
        var claim = LatencyClaim.Parse(FormattableString.Invariant($"e2e p99 < {limit}ms"));
        Assert.Equal(VerdictStatus.NotMet, ClaimVerifier.Verify(results, histograms, claim, "sse", "c100").Single().Status);
        double p99 = results.Series.Single(x => x.Transport == "sse" && x.LoadPoint == "c100").Metrics["e2e"].P99;
        var (paused, pausedHistograms) = ResultsDirectory.Read(new SyntheticResults { Paused = ("sse/c100", 0), PausedEndsDropMs = p99 - (limit - undelayedBelowLimitMs) }.WriteToTemp());

        var verdict = ClaimVerifier.Verify(paused, pausedHistograms, claim, "sse", "c100").Single();

        Assert.Equal(expected, verdict.Status);
        Assert.Equal(expected == VerdictStatus.Inconclusive, verdict.Reason.Contains("but without the 10 requests a pause of the harness itself (up to 30 ms) may have delayed, p99 = ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.2, VerdictStatus.Inconclusive)] // without the requests whose headers a pause may have delayed, the claim holds
    [InlineData(-0.2, VerdictStatus.NotMet)]      // it fails even without them
    public void TtfbTailAboveTheLimit_OnlyThroughHeadersThePausesMayHaveDelayed_IsInconclusive(double undelayedBelowLimitMs, VerdictStatus expected)
    {
        var (results, histograms) = s_run.Value;
        var plain = ClaimVerifier.Verify(results, histograms, LatencyClaim.Parse("ttfb p99 < 60s"), "sse", "c100").Single();
        double limit = Math.Round(plain.CiLowMs!.Value - 1, 1);
        var claim = LatencyClaim.Parse(FormattableString.Invariant($"ttfb p99 < {limit}ms"));
        var notMet = ClaimVerifier.Verify(results, histograms, claim, "sse", "c100").Single();
        Assert.True(notMet.Status == VerdictStatus.NotMet, notMet.Reason);
        double p99 = results.Series.Single(x => x.Transport == "sse" && x.LoadPoint == "c100").Metrics["ttfb"].P99;
        var (paused, pausedHistograms) = ResultsDirectory.Read(new SyntheticResults { Paused = ("sse/c100", 0), PausedHeadersDropMs = p99 - (limit - undelayedBelowLimitMs) }.WriteToTemp());

        var verdict = ClaimVerifier.Verify(paused, pausedHistograms, claim, "sse", "c100").Single();

        Assert.True(expected == verdict.Status, verdict.Reason);
        Assert.Equal(expected == VerdictStatus.Inconclusive, verdict.Reason.Contains("but without the 10 requests a pause of the harness itself (up to 30 ms) may have delayed, p99 = ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("itl p99.5 < 30ms", VerdictStatus.Inconclusive)] // the pauses may have widened as many gaps as lie above the limit
    [InlineData("itl p99.5 < 15ms", VerdictStatus.NotMet)]       // below where the gaps could be without them
    public void ItlTailAboveTheLimit_OnlyThroughGapsThePausesMayHaveWidened_IsInconclusive(string text, VerdictStatus expected)
    {
        // c100 of the synthetic run: 19,600 gaps around 20 ms, 1 % of them 15 ms longer; two pauses
        // of up to 30 ms at 100 streams may have widened 200 of them.
        var (results, histograms) = s_run.Value;
        var claim = LatencyClaim.Parse(text);
        Assert.Equal(VerdictStatus.NotMet, ClaimVerifier.Verify(results, histograms, claim, "sse", "c100").Single().Status);
        var (paused, pausedHistograms) = ResultsDirectory.Read(new SyntheticResults { Paused = ("sse/c100", 0) }.WriteToTemp());

        var verdict = ClaimVerifier.Verify(paused, pausedHistograms, claim, "sse", "c100").Single();

        Assert.Equal(expected, verdict.Status);
        Assert.Equal(expected == VerdictStatus.Inconclusive, verdict.Reason.Contains("but the harness's own 2 pauses of up to 30 ms may have widened up to 200 of its 19600 gaps, and without them p99.5 could be ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ttft p99", 41.2, VerdictStatus.Inconclusive)] // a tail the fake's stall may have made
    [InlineData("ttft p50", 41.2, VerdictStatus.NotMet)]       // the median it does not reach
    [InlineData("e2e p99", 41.2, VerdictStatus.Inconclusive)]
    [InlineData("ttft p99", 4.9, VerdictStatus.NotMet)]        // within the saturation threshold (5 ms): no stall
    public void TailAboveTheLimitWhereTheEmbeddedFakeStalled_IsInconclusive(string question, double p999Ms, VerdictStatus expected)
    {
        var (results, histograms) = s_run.Value;
        var plain = ClaimVerifier.Verify(results, histograms, LatencyClaim.Parse($"{question} < 60s"), "sse", "c100").Single();
        // 5 ms under the interval: past the synthetic run's resolution (0.8 ms lag p99 plus 1.02 ms, the e2e histogram's step at ~1 s).
        var claim = LatencyClaim.Parse(FormattableString.Invariant($"{question} < {Math.Floor(plain.CiLowMs!.Value - 5)}ms"));
        Assert.Equal(VerdictStatus.NotMet, ClaimVerifier.Verify(results, histograms, claim, "sse", "c100").Single().Status);
        var (stalled, stalledHistograms) = ResultsDirectory.Read(new SyntheticResults { FakeLate = ("sse/c100", p999Ms, 58.4) }.WriteToTemp());

        var verdict = ClaimVerifier.Verify(stalled, stalledHistograms, claim, "sse", "c100").Single();

        Assert.Equal(expected, verdict.Status);
        Assert.Equal(expected == VerdictStatus.Inconclusive, verdict.Reason.Contains(FormattableString.Invariant($"the embedded fake fell behind its schedule in this series (p99.9 {p999Ms:0.#} ms late, max 58.4 ms)"), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(60, 41.2, VerdictStatus.Inconclusive)] // one wave of 10 is a sixth of 60: it reaches p83.3 and above
    [InlineData(60, null, VerdictStatus.NotMet)]       // no stall: the whole interval is above
    [InlineData(3_000, 41.2, VerdictStatus.NotMet)]    // 10 of 3,000: a stall reaches p99 and above only
    public void AShortRunsP95AboveTheLimitWhereTheEmbeddedFakeStalled_IsInconclusive(int requests, double? fakeLateMs, VerdictStatus expected)
    {
        // c10, every first token at 100 ms: 58.8 ms even less the fake's 41.2 ms lateness, past 50 ms.
        var (results, histograms) = ConstantTtftRun.Sized(requests, lagP99Ms: 0.2, fakeLateMs, ("sse", 100));

        var verdict = ClaimVerifier.Verify(results, histograms, LatencyClaim.Parse("ttft p95 < 50ms")).Single();

        Assert.Equal(expected, verdict.Status);
        Assert.Equal(
            expected == VerdictStatus.Inconclusive,
            verdict.Reason.EndsWith("the embedded fake fell behind its schedule in this series (p99.9 41.2 ms late, max 41.2 ms), and one wave in flight (10 requests) is 16.7% of its 60 samples, so it may reach p83.3 and above: the tail may be the harness's", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(60, 41.2, VerdictStatus.Inconclusive)] // a wave of 10 is a sixth of 60: it reaches p83.3 and above
    [InlineData(3_000, 41.2, VerdictStatus.NotMet)]    // 10 of 3,000: a stall reaches p99 and above only
    [InlineData(60, 4.9, VerdictStatus.NotMet)]        // within the saturation threshold (5 ms): no stall
    public void AShortRunsP95AboveTheLimitWhereTheMachineStoodStill_IsInconclusive(int requests, double machineMs, VerdictStatus expected)
    {
        // Against an endpoint other than the embedded fake: no fake's lateness, the harness's own probe instead.
        var (results, histograms) = ConstantTtftRun.Sized(requests, lagP99Ms: 0.2, null, ("sse", 100));
        var stood = results with { Series = [results.Series[0] with { HarnessPauses = new HarnessPauses { Count = 1, MaxMs = machineMs, MachineCount = 1, MachineMaxMs = machineMs, TtftMeasured = requests } }] };

        var verdict = ClaimVerifier.Verify(stood, histograms, LatencyClaim.Parse("ttft p95 < 50ms")).Single();

        Assert.Equal(expected, verdict.Status);
        Assert.Equal(
            expected == VerdictStatus.Inconclusive,
            verdict.Reason.EndsWith("the machine stood still in this series (the harness's own real-time thread up to 41.2 ms late), and one wave in flight (10 requests) is 16.7% of its 60 samples, so it may reach p83.3 and above: the tail may be the harness's", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.2, VerdictStatus.NotMet)]       // 101.02 ms, 1.02 over: past a 0.2 ms lag and the 0.064 ms step
    [InlineData(1.5, VerdictStatus.Inconclusive)] // the harness's 1.5 ms lag p99 alone could have added it
    public void AboveTheLimitByLessThanTheResolution_IsInconclusive(double lagP99Ms, VerdictStatus expected)
    {
        var (results, histograms) = ConstantTtftRun.Of(lagP99Ms, ("sse", 101));

        var verdict = ClaimVerifier.Verify(results, histograms, LatencyClaim.Parse("ttft p50 < 100ms")).Single();

        Assert.True(verdict.CiLowMs > 100, "the whole interval is above the limit");
        Assert.Equal(expected, verdict.Status);
        Assert.Equal(expected == VerdictStatus.Inconclusive, verdict.Reason.Contains("by less than the run's resolution", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.2, VerdictStatus.NotMet)]
    [InlineData(1.5, VerdictStatus.Inconclusive)] // the embedded fake writing 1.5 ms late at p99 could have added it
    public void AboveTheLimitByLessThanTheFakesLateness_IsInconclusive(double fakeLateP99Ms, VerdictStatus expected)
    {
        var (results, histograms) = ConstantTtftRun.AgainstFake(lagP99Ms: 0.2, fakeLateP99Ms, ("sse", 101));

        var verdict = ClaimVerifier.Verify(results, histograms, LatencyClaim.Parse("ttft p50 < 100ms")).Single();

        Assert.Equal(expected, verdict.Status);
        Assert.Equal(
            expected == VerdictStatus.Inconclusive,
            verdict.Reason.Contains("by less than the run's resolution (1.764 ms: the harness's scheduling lag p99 0.2 ms, the embedded fake's lateness p99 1.5 ms and the histogram's step 0.064 ms)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(40, "ttft p95 < 50ms", null, VerdictStatus.NotMet, "too few samples for an interval (40 < 60 for p95), but 40 of 40 are at or past 50 ms (beyond the series' resolution): were p95 < 50 ms, each would be with probability at most 0.05 (exact binomial test, P = 9.1e-53; p95 = 100.031 ms")]
    [InlineData(40, "ttft p95 < 200ms", null, VerdictStatus.Inconclusive, "too few samples: 40 < 60 needed for p95")] // 0 of 40 past: 0.95^40 = 0.13, not unlikely
    [InlineData(9, "ttft p50 < 200ms", null, VerdictStatus.Met, "too few samples for an interval (9 < 10 for p50), but only 0 of 9 are at or past 200 ms: were p50 not < 200 ms, each would with probability at least 0.5 (exact binomial test, P = 2e-3; p50 = ")]
    [InlineData(40, "ttft p95 < 99.9ms", 1.0, VerdictStatus.Inconclusive, "too few samples: 40 < 60")] // 0.1 ms past, inside the fake's 1 ms lateness
    public void TooFewSamplesForAnInterval_TheExactBinomialTestStillDecidesWhatItCan(int requests, string claim, double? fakeLateP99Ms, VerdictStatus expected, string reason)
    {
        var (results, histograms) = ConstantTtftRun.Sized(requests, lagP99Ms: 0.2, fakeLateP99Ms, ("sse", 100));

        var verdict = ClaimVerifier.Verify(results, histograms, LatencyClaim.Parse(claim)).Single();

        Assert.Equal(expected, verdict.Status);
        Assert.StartsWith(reason, verdict.Reason, StringComparison.Ordinal);
        Assert.Equal(
            expected == VerdictStatus.Inconclusive,
            verdict.Reason.EndsWith("; a run about 1.5× as long would give enough", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, "errors < 1%", "; were it to stay at 0%, a run about 3.9× as long would decide it")] // Wilson's upper bound under 1% from 381 requests
    [InlineData(2, "errors < 1%", "; were it to stay at 2%, a run about 3.9× as long would decide it")]
    [InlineData(1, "errors < 1%", "the interval straddles 1%")] // at the limit: no run decides it
    public void AnErrorShareInconclusive_SaysHowMuchLongerARunWouldDecideIt(long errors, string claim, string reasonEnd)
    {
        var series = new SeriesResult { Transport = "sse", LoadPoint = "c1", Requests = 100, Outcomes = new() { ["ok"] = 100 - errors, ["timeout"] = errors } };
        var results = new RunResults { Name = "shares", Series = [series] };

        var verdict = ClaimVerifier.Verify(results, new HistogramSet(), RequestRows.Empty, Claim.Parse(claim)).Single();

        Assert.Equal(VerdictStatus.Inconclusive, verdict.Status);
        Assert.EndsWith(reasonEnd, verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TransportFilter_JudgesOnlyThatTransport()
    {
        var verdicts = ClaimVerifier.Verify(s_run.Value.Results, s_run.Value.Histograms, LatencyClaim.Parse("e2e p95 < 5s"), "ws");
        Assert.Equal(["ws", "ws", "ws"], verdicts.Select(v => v.Transport));
    }

    [Fact]
    public void TokensPerSecond_IsTheSeriesTokens_UsageElseCounted_AndSaysSo()
    {
        var series = new SeriesResult
        {
            Transport = "sse",
            LoadPoint = "c1",
            DurationSeconds = 10,
            Requests = 20,
            Outcomes = new() { ["ok"] = 20 },
            Tokens = 25_000,
            WindowTokens = 25_000,
            WindowSucceeded = 20,
            TokenAccounting = new OutputTokenAccounting { Tokenizer = "o200k_base", FromUsage = 5, Counted = 15 },
        };
        var results = s_run.Value.Results with { Series = [series] };
        var met = ClaimVerifier.Verify(results, s_run.Value.Histograms, RequestRows.Empty, ThroughputClaim.Parse("tokens/s >= 2000")).Single();
        Assert.Equal(VerdictStatus.Met, met.Status);
        Assert.Equal(2500, met.Estimate);
        Assert.Contains("tokens per request from usage 5, counted by o200k_base 15", met.Reason, StringComparison.Ordinal);
        var notMet = ClaimVerifier.Verify(results, s_run.Value.Histograms, RequestRows.Empty, ThroughputClaim.Parse("tokens/s >= 3000")).Single();
        Assert.Equal(VerdictStatus.NotMet, notMet.Status);
    }

    // The reproduced short run: 5 streams of 50 tokens, ~1.08 s each, in 3 rounds of 1/3 s. All 15
    // requests ran to their end in the drain, so whole counts over the window gave 750 tokens/s and
    // 15 requests/s; the window held 60 tokens per round and about 4.6 successes per second.
    private static SeriesResult ShortRun() => new()
    {
        Transport = "sse",
        LoadPoint = "c5",
        DurationSeconds = 1,
        Requests = 15,
        Outcomes = new() { ["ok"] = 15 },
        Tokens = 750,
        WindowTokens = 180,
        WindowSucceeded = 4.63,
    };

    [Theory]
    [InlineData("tokens/s >= 500", 180)]
    [InlineData("requests/s >= 10", 4.63)]
    public void Throughput_OfAShortRun_IsOverTheMeasuredWindow_NotEveryRequestWhole(string claim, double rate)
    {
        var results = new RunResults { Name = "short", Series = [ShortRun()] };

        var verdict = ClaimVerifier.Verify(results, new HistogramSet(), RequestRows.Empty, Claim.Parse(claim)).Single();

        // Whole counts (750 tokens/s, 15 requests/s) would have met both claims.
        Assert.Equal(VerdictStatus.NotMet, verdict.Status);
        Assert.Equal(rate, verdict.Estimate!.Value, 6);
        Assert.Contains("over the measured window", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.333, 1, VerdictStatus.Inconclusive)] // the reproduced run: three windows of 1/3 s, requests of 1.08 s
    [InlineData(2, 1, VerdictStatus.NotMet)]
    [InlineData(0.5, 3, VerdictStatus.Inconclusive)] // 1.5 s in all, but each window 0.5 s
    [InlineData(1.1, 3, VerdictStatus.NotMet)]
    public void Throughput_OverAWindowShorterThanOneRequest_DecidesNothing(double windowSeconds, int rounds, VerdictStatus expected)
    {
        var series = ShortRun() with
        {
            DurationSeconds = windowSeconds * rounds,
            Metrics = new() { [MetricNames.EndToEnd] = new MetricSummary { Count = 15, P50 = 1080 } },
            Rounds = rounds == 1 ? null : [.. Enumerable.Range(1, rounds).Select(r => new RoundResult { Round = r, DurationSeconds = windowSeconds })],
        };

        var verdict = ClaimVerifier.Verify(new RunResults { Name = "short", Series = [series] }, new HistogramSet(), RequestRows.Empty, Claim.Parse("tokens/s >= 500")).Single();

        Assert.Equal(expected, verdict.Status);
        Assert.Equal(expected == VerdictStatus.Inconclusive, verdict.Reason.EndsWith("too short for a rate; give each window at least 1.1 s", StringComparison.Ordinal));
    }

    [Fact]
    public void Throughput_FromResultsWithoutWindowCounts_IsNotJudged()
    {
        var results = new RunResults { Name = "old", Series = [ShortRun() with { WindowTokens = null, WindowSucceeded = null }] };

        var verdict = ClaimVerifier.Verify(results, new HistogramSet(), RequestRows.Empty, Claim.Parse("tokens/s >= 500")).Single();

        Assert.Equal(VerdictStatus.Inconclusive, verdict.Status);
        Assert.Contains("rerun to judge", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Combine_NotMetWinsThenInconclusive()
    {
        ClaimVerdict V(VerdictStatus s) => new() { Claim = "x", Metric = "ttft", Percentile = 50, ThresholdMs = 1, Transport = "sse", LoadPoint = "c1", Status = s, Reason = string.Empty };
        Assert.Equal(VerdictStatus.NotMet, ClaimVerifier.Combine([V(VerdictStatus.Met), V(VerdictStatus.Inconclusive), V(VerdictStatus.NotMet)]));
        Assert.Equal(VerdictStatus.Inconclusive, ClaimVerifier.Combine([V(VerdictStatus.Met), V(VerdictStatus.Inconclusive)]));
        Assert.Equal(VerdictStatus.Met, ClaimVerifier.Combine([V(VerdictStatus.Met)]));
        Assert.Equal(VerdictStatus.Inconclusive, ClaimVerifier.Combine([]));
    }
}
