using Harness.Clients;
using Harness.Core.Schedule;
using Harness.Load.Overhead;
using Harness.Load.Results;
using Harness.Reports.Claims;
using Harness.Reports.Overhead;

namespace Harness.Reports.Tests.Overhead;

public sealed class OverheadAnalysisTests
{
    private static OverheadOptions Options(params string[] claims) => new()
    {
        Direct = "http://direct",
        Via = "http://via",
        Claims = [.. claims.Select(LatencyClaim.Parse)],
    };

    /// <summary><paramref name="pairs"/> pairs: direct TTFT 100 + i%7 ms, via that plus <paramref name="addedMs"/>; gaps 10 ms direct, 10 + <paramref name="addedGapMs"/> via.</summary>
    private static OverheadSamples Samples(int pairs, double addedMs, double addedGapMs = 0, Func<int, (bool DirectFails, bool ViaFails)>? fails = null)
    {
        var samples = new OverheadSamples(Transport.Sse, "c2", cold: false);
        for (int i = 0; i < pairs; i++)
        {
            var (df, vf) = fails?.Invoke(i) ?? (false, false);
            double ttft = 100 + (i % 7);
            samples.Record(
                df ? SyntheticTimeline.Failed() : SyntheticTimeline.Ok(ttft, 10, 5),
                vf ? SyntheticTimeline.Failed() : SyntheticTimeline.Ok(ttft + addedMs, 10 + addedGapMs, 5),
                viaFirst: i % 2 == 0);
        }

        return samples;
    }

    /// <summary>The same pairs and histograms, as a run whose harness lagged by <paramref name="lagP99Ms"/> at p99.</summary>
    private static OverheadSamples WithLag(OverheadSamples samples, double lagP99Ms) => OverheadSamples.Restore(
        samples.Transport, samples.LoadPoint, cold: false, samples.PairRecords,
        (side, metric) => (side == "direct" ? samples.Direct : samples.Via).Histogram(metric),
        TimeSpan.FromSeconds(10), partial: false, skippedPairs: 0, pauses: null, pairsDelayed: 0, new HarnessResolution(lagP99Ms, 2000, null));

    [Fact]
    public void OverheadPerMetric_IsViaMinusDirect_WithIntervalAndPairedMedian()
    {
        var report = OverheadAnalysis.Analyse(Samples(100, addedMs: 30, addedGapMs: 2), Options());

        var ttft = report.Metrics.Single(m => m.Metric == "ttft");
        var p50 = ttft.Percentiles.Single(p => p.Percentile == 50);
        // Histogram values are exact to 0.1%: ±0.2 ms around 130 ms.
        Assert.InRange(p50.OverheadMs!.Value, 29.8, 30.2);
        Assert.True(p50.CiLowMs <= 30.2 && p50.CiHighMs >= 29.8, $"[{p50.CiLowMs}, {p50.CiHighMs}]");
        Assert.InRange(ttft.Paired.MedianMs!.Value, 29.99, 30.01);
        var itl = report.Metrics.Single(m => m.Metric == "itl");
        Assert.InRange(itl.Percentiles.Single(p => p.Percentile == 50).OverheadMs!.Value, 1.9, 2.1);
        Assert.InRange(itl.Paired.MedianMs!.Value, 1.99, 2.01);
        // No request opened a connection: connect is left out rather than shown empty.
        Assert.DoesNotContain(report.Metrics, m => m.Metric == "connect");
        Assert.Null(report.Overall);
        Assert.Equal(50, report.ViaFirstPairs);
    }

    [Fact]
    public void Claims_MetWhenTheWholeIntervalHolds_NotMetWhenNoneDoes_InconclusiveWithFewSamples()
    {
        var report = OverheadAnalysis.Analyse(Samples(100, addedMs: 30), Options("ttft p50 < 50ms", "ttft p50 < 20ms"));
        Assert.Equal([VerdictStatus.Met, VerdictStatus.NotMet], report.Claims.Select(c => c.Status));
        Assert.Equal(VerdictStatus.NotMet, report.Overall);

        var few = OverheadAnalysis.Analyse(Samples(100, addedMs: 30), Options("ttft p99 < 50ms"));
        Assert.Equal(VerdictStatus.Inconclusive, few.Claims[0].Status);
        Assert.Contains("too few samples", few.Claims[0].Reason, StringComparison.Ordinal);
        Assert.EndsWith("; a run about 3× as long would give enough", few.Claims[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AClaimInsideTheInterval_IsInconclusive_AndSaysHowMuchLongerARunWouldLikelyDecideIt()
    {
        var wide = OverheadAnalysis.Analyse(Samples(100, addedMs: 30), Options("ttft p50 < 150ms")).Claims.Single();
        double e = wide.EstimateMs!.Value, high = wide.CiHighMs!.Value;
        // A threshold between the estimate and the interval's top, clear of the histograms' step.
        double threshold = Math.Round(e + ((high - e) / 2), 3);
        Assert.True(threshold - e > 0.2 && high - threshold > 0.2, $"{e} [{wide.CiLowMs}, {high}]");

        var claim = OverheadAnalysis.Analyse(Samples(100, addedMs: 30), Options(FormattableString.Invariant($"ttft p50 < {threshold}ms"))).Claims.Single();

        Assert.Equal(VerdictStatus.Inconclusive, claim.Status);
        double times = Math.Ceiling(Math.Pow((high - e) / (threshold - e), 2) * 10) / 10;
        Assert.EndsWith(FormattableString.Invariant($"the interval straddles {threshold:0.###} ms; were p50 to stay at {e:0.###} ms, a run about {times:0.#}× as long would likely decide it"), claim.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5, VerdictStatus.Met, null)]
    [InlineData(0.97, VerdictStatus.Inconclusive, "under 1 ms, but by less than the histograms' step (0.064 ms)")]
    [InlineData(1.03, VerdictStatus.Inconclusive, "over 1 ms, but by less than the histograms' step (0.064 ms)")]
    [InlineData(1.5, VerdictStatus.NotMet, null)]
    public void AClaimWithinTheHistogramsStepOfItsThreshold_IsInconclusive(double addedMs, VerdictStatus expected, string? said)
    {
        // At a ~100 ms TTFT each side is read to 0.064 ms: an overhead of 0.97 or 1.03 ms cannot be told from 1.
        var verdict = OverheadAnalysis.Analyse(Samples(1000, addedMs), Options("ttft p50 < 1ms")).Claims.Single();

        Assert.True(verdict.Status == expected, $"{verdict.Status}: {verdict.Reason}");
        if (said is not null)
        {
            Assert.Contains(said, verdict.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ARelayThatFailsRequests_NeverMeetsAClaim_EvenWhenItsLatencyWould()
    {
        var report = OverheadAnalysis.Analyse(Samples(100, addedMs: 1, fails: i => (false, i % 10 == 0)), Options("ttft p50 < 50ms"));

        var verdict = report.Claims.Single();
        Assert.Equal(VerdictStatus.NotMet, verdict.Status);
        Assert.Equal(10, verdict.FailedRequests);
        Assert.True(verdict.CiHighMs < 50, "latency alone would have met it");
        Assert.Contains("the relay failed 10 of 100 pairs", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal(10, report.ViaOnlyFailures);
        Assert.Equal(10, report.ViaOutcomes["http_error(502)"]);
    }

    [Fact]
    public void BothPathsFailingAlike_TheRelayFailsNoMoreThanItsUpstream_LatencyDecides()
    {
        var report = OverheadAnalysis.Analyse(Samples(100, addedMs: 1, fails: i => (i % 10 == 1, i % 10 == 0)), Options("ttft p50 < 50ms"));

        var verdict = report.Claims.Single();
        Assert.True(verdict.Status == VerdictStatus.Met, verdict.Reason);
        Assert.EndsWith("; the relay failed 10 of 100 pairs that succeeded directly, the direct request 10 that succeeded through the relay", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal(10, report.DirectOnlyFailures);
    }

    [Fact]
    public void AFewRelayOnlyFailures_AgainstNoneDirect_TooFewToTellFromChance_Inconclusive()
    {
        // A relay passing through an upstream that fails 2 % at random: 2 of its failures landed on
        // the relay's side, none on the direct side, as chance gives a quarter of the time.
        var report = OverheadAnalysis.Analyse(Samples(64, addedMs: 1, fails: i => (false, i is 10 or 40)), Options("ttft p50 < 50ms"));

        var verdict = report.Claims.Single();
        Assert.True(verdict.Status == VerdictStatus.Inconclusive, verdict.Reason);
        Assert.StartsWith("the relay failed 2 of 64 pairs that succeeded directly, the direct request 0 that succeeded through the relay: too few to tell the relay's failures from an upstream failing at random (exact test on those pairs, P = 0.25; 6 against 0 would decide) (overhead p50 +1", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RelayOnlyFailuresSignificantlyMoreThanDirectOnly_NotMet_ThoughTheUpstreamFailsToo()
    {
        var report = OverheadAnalysis.Analyse(Samples(200, addedMs: 1, fails: i => (i % 100 == 1, i % 20 == 0)), Options("ttft p50 < 50ms"));

        var verdict = report.Claims.Single();
        Assert.True(verdict.Status == VerdictStatus.NotMet, verdict.Reason);
        Assert.StartsWith("the relay failed 10 of 200 pairs that succeeded directly, the direct request 2 that succeeded through the relay: the relay fails more often than its upstream (exact test on those pairs, P = 1.9e-2)", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TooFewSamplesForAnInterval_EveryPairOverTheLimit_NotMetByTheExactTest()
    {
        // 136 pairs cannot give a p99 interval (300 needed), but a relay adding 70 ms to each of them
        // is surely not under 50 ms at p99.
        var verdict = OverheadAnalysis.Analyse(Samples(136, addedMs: 70), Options("ttft p99 < 50ms")).Claims.Single();

        Assert.True(verdict.Status == VerdictStatus.NotMet, verdict.Reason);
        Assert.StartsWith("too few samples for an interval (136 < 300 for p99), but in 136 of 136 pairs the relay's own difference is at or past 50 ms: were the overhead's p99 < 50 ms, each would be with probability at most 0.01 (exact binomial test, P = 1e-272;", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(8, 1, VerdictStatus.Met)] // no pair over: 0.5^8 = 0.4 % were the median at 50 ms
    [InlineData(5, 1, VerdictStatus.Inconclusive)] // 0.5^5 = 3 %: not below 2.5 %
    [InlineData(8, 49.99, VerdictStatus.Inconclusive)] // within the harness's lag of the limit: counted as maybe past
    public void TooFewSamplesForAnInterval_ThePairsDecideOnlyWhatTheCountSettles(int pairs, double addedMs, VerdictStatus expected)
    {
        var samples = WithLag(Samples(pairs, addedMs), 0.5);
        var verdict = OverheadAnalysis.Analyse(samples, Options("ttft p50 < 50ms")).Claims.Single();

        Assert.True(verdict.Status == expected, verdict.Reason);
    }

    [Theory]
    [InlineData("ttft p50 < 35ms", 7.5, VerdictStatus.Inconclusive)] // met by ~4.8 ms, under the 7.5 ms lag
    [InlineData("ttft p50 < 35ms", 3, VerdictStatus.Met)] // not saturated: the interval holds the lag
    [InlineData("ttft p50 < 50ms", 7.5, VerdictStatus.Met)] // met by ~19.8 ms, more than the lag
    [InlineData("ttft p50 < 25ms", 7.5, VerdictStatus.Inconclusive)] // missed by ~4.8 ms, under the lag
    [InlineData("ttft p50 < 10ms", 7.5, VerdictStatus.NotMet)]
    public void SaturatedHarness_AVerdictItsLagCouldTurn_IsInconclusive(string claim, double lagMs, VerdictStatus expected)
    {
        var verdict = OverheadAnalysis.Analyse(WithLag(Samples(100, addedMs: 30), lagMs), Options(claim)).Claims.Single();

        Assert.True(verdict.Status == expected, verdict.Reason);
        if (expected == VerdictStatus.Inconclusive)
        {
            Assert.Contains(FormattableString.Invariant($"; but the harness was saturated (scheduling lag p99 {lagMs:0.##} ms > 5 ms): its lag, on either path, could account for the margin of "), verdict.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FailuresOnBothSidesOfTheSamePair_AreTheUpstreams_AndDoNotCountAgainstTheRelay()
    {
        var report = OverheadAnalysis.Analyse(Samples(100, addedMs: 1, fails: i => (i % 10 == 0, i % 10 == 0)), Options("ttft p50 < 50ms"));

        Assert.Equal(10, report.BothFailed);
        Assert.Equal(VerdictStatus.Met, report.Claims.Single().Status);
    }

    [Fact]
    public void ARelayHoldingTokensBack_ItsGapsShrink_ButArrivalShowsWhatItAddsToAToken()
    {
        // Direct: 5 tokens 10 ms apart from 100 ms. Via: the relay holds them and sends all five at
        // 140 ms, when the last came: TTFT +40, every gap 0 (ITL −10), the average token +20.
        var samples = new OverheadSamples(Transport.Sse, "c2", cold: false);
        for (int i = 0; i < 40; i++)
        {
            samples.Record(SyntheticTimeline.Ok(100, 10, 5), SyntheticTimeline.Ok(140, 0, 5), viaFirst: i % 2 == 0);
        }

        var report = OverheadAnalysis.Analyse(samples, Options("itl p50 < 5ms", "arrival p50 < 5ms") with { Schedule = TokenSchedule.Parse("ttft=100,itl=10,tokens=5") });

        var arrival = report.Metrics.Single(m => m.Metric == "arrival");
        Assert.InRange(arrival.Paired.MedianMs!.Value, 19.99, 20.01);
        Assert.Equal(120, arrival.ScheduleMs); // the mean of 100, 110, ..., 140
        Assert.InRange(report.Metrics.Single(m => m.Metric == "itl").Paired.MedianMs!.Value, -10.01, -9.99);
        // The gaps alone would meet the ITL claim; the relay's answers came all at once (the direct
        // ones, 10 ms apart, streamed), so it is not decided; arrival is what the relay added to a token.
        Assert.Equal([VerdictStatus.Inconclusive, VerdictStatus.NotMet], report.Claims.Select(c => c.Status));
        Assert.Contains("the whole interval is < 5 ms; but answers came all at once", report.Claims[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFakesSchedule_GivesTheTrueFigures()
    {
        var schedule = TokenSchedule.Parse("ttft=100,itl=20,tokens=50");
        var report = OverheadAnalysis.Analyse(Samples(20, addedMs: 30), Options() with { Schedule = schedule });

        Assert.Equal(schedule.ToCompactString(), report.Schedule);
        Assert.Equal(100, report.Metrics.Single(m => m.Metric == "ttft").ScheduleMs);
        Assert.Equal(20, report.Metrics.Single(m => m.Metric == "itl").ScheduleMs);
        Assert.Equal(1080, report.Metrics.Single(m => m.Metric == "e2e").ScheduleMs);
        Assert.Null(report.Metrics.Single(m => m.Metric == "ttfb").ScheduleMs);
        Assert.Contains("schedule (ms)", OverheadMarkdown.Render(report), StringComparison.Ordinal);
    }

    /// <summary>
    /// 400 pairs, the relay adding 2 ms to TTFT, except in the first 10 where a pause of the harness
    /// held the relayed request 40 ms; <paramref name="paused"/> says which pairs the run marked.
    /// </summary>
    private static OverheadSamples PausedRun(Func<int, bool> paused)
    {
        var live = new OverheadSamples(Transport.Sse, "c2", cold: false);
        for (int i = 0; i < 400; i++)
        {
            double ttft = 100 + (i % 7);
            live.Record(SyntheticTimeline.Ok(ttft, 10, 5), SyntheticTimeline.Ok(ttft + (i < 10 ? 40 : 2), 10, 5), viaFirst: i % 2 == 0);
        }

        var pairs = live.PairRecords.Select((p, i) => p with { Paused = paused(i) }).ToList();
        return OverheadSamples.Restore(
            live.Transport, live.LoadPoint, cold: false, pairs,
            (side, metric) => (side == "direct" ? live.Direct : live.Via).Histogram(metric),
            TimeSpan.FromSeconds(10), partial: false, skippedPairs: 0, new HarnessPauses { Count = 1, Collections = 1, MaxMs = 40, TotalMs = 40 }, pairs.Count(p => p.Paused), resolution: null);
    }

    [Theory]
    [InlineData(true, VerdictStatus.Inconclusive)] // the pairs a pause may have delayed are the ones over the limit
    [InlineData(false, VerdictStatus.NotMet)]      // the run marked other pairs: without them it is still over
    public void AnOverheadVerdictThePausedPairsDecide_IsInconclusive(bool theSlowPairsMarked, VerdictStatus expected)
    {
        var samples = PausedRun(i => theSlowPairsMarked ? i < 10 : i is >= 100 and < 110);

        var verdict = OverheadAnalysis.Analyse(samples, Options("ttft p99 < 10ms")).Claims.Single();

        Assert.Equal(expected, verdict.Status);
        Assert.Equal(expected == VerdictStatus.Inconclusive, verdict.Reason.Contains("; but without the 10 pairs a pause of the harness itself (up to 40 ms) may have delayed, overhead p99 +1.984 ms, 95% CI [+1.984, +1.984] ms, n = 390/390: the whole interval is < 10 ms: the verdict may be the harness's", StringComparison.Ordinal));
        Assert.Equal(VerdictStatus.NotMet, OverheadAnalysis.Analyse(PausedRun(_ => false), Options("ttft p99 < 10ms")).Claims.Single().Status);
        // This run counted no widened gaps (as one saved before they were): an ITL claim is left as it was.
        Assert.Equal(
            OverheadAnalysis.Analyse(PausedRun(_ => false), Options("itl p50 < 1ms")).Claims.Single().Status,
            OverheadAnalysis.Analyse(samples, Options("itl p50 < 1ms")).Claims.Single().Status);
    }

    [Theory]
    [InlineData("ttft p50 < 100ms", VerdictStatus.Met)]          // about 2 ms added: the interval clears the limit by more than a 40-ms pause could move it
    [InlineData("ttft p50 < 30ms", VerdictStatus.Inconclusive)] // within the pause's reach of it, and too few pairs without them
    public void AVerdictClearingTheLimitByMoreThanThePausesReach_Stands_ThoughTooFewPairsAreLeftWithoutThem(string claim, VerdictStatus expected)
    {
        // 16 pairs, 12 of them paused: judged again without those, 4 pairs decide nothing.
        var live = new OverheadSamples(Transport.Sse, "c2", cold: false);
        for (int i = 0; i < 16; i++)
        {
            live.Record(SyntheticTimeline.Ok(100 + i, 10, 5), SyntheticTimeline.Ok(102 + i, 10, 5), viaFirst: i % 2 == 0);
        }

        var pairs = live.PairRecords.Select((p, i) => p with { Paused = i % 4 != 0 }).ToList();
        var samples = OverheadSamples.Restore(
            live.Transport, live.LoadPoint, cold: false, pairs,
            (side, metric) => (side == "direct" ? live.Direct : live.Via).Histogram(metric),
            TimeSpan.FromSeconds(10), partial: false, skippedPairs: 0, new HarnessPauses { Count = 1, Collections = 1, MaxMs = 40, TotalMs = 40 }, 12, resolution: null);

        var verdict = OverheadAnalysis.Analyse(samples, Options(claim)).Claims.Single();

        Assert.True(expected == verdict.Status, verdict.Reason);
        Assert.Equal(expected == VerdictStatus.Inconclusive, verdict.Reason.Contains("; but without the 12 pairs a pause of the harness itself (up to 40 ms) may have delayed, too few samples", StringComparison.Ordinal));
    }

    /// <summary>
    /// 200 pairs of 11 tokens: direct gaps all 10 ms, relayed ones 11 ms but in 4 pairs 16 ms (40 of
    /// 2000, enough to make the relayed p99 16 ms: overhead p99 +6 ms); four pauses of 6 ms a second
    /// apart, which may have widened <paramref name="gaps"/> (null: a run saved before they were counted).
    /// </summary>
    private static OverheadSamples GapsRun(PausedGapCounts? gaps)
    {
        var live = new OverheadSamples(Transport.Sse, "c2", cold: false);
        for (int i = 0; i < 200; i++)
        {
            live.Record(SyntheticTimeline.Ok(50, 10, 11), SyntheticTimeline.Ok(50, i < 4 ? 16 : 11, 11), viaFirst: i % 2 == 0);
        }

        var pauses = new HarnessPauses { Count = 4, Collections = 4, MaxMs = 6, TotalMs = 24, Spans = [.. Enumerable.Range(0, 4).Select(k => new PauseSpan { AtMs = 1000 * k, Ms = 6 })] };
        return OverheadSamples.Restore(
            live.Transport, live.LoadPoint, cold: false, live.PairRecords,
            (side, metric) => (side == "direct" ? live.Direct : live.Via).Histogram(metric),
            TimeSpan.FromSeconds(10), partial: false, skippedPairs: 0, pauses, pairsDelayed: 0, resolution: null, gapsWidened: gaps);
    }

    [Theory]
    [InlineData("itl p99 < 3ms", 0L, 40L, VerdictStatus.Inconclusive)] // the relayed 16-ms gaps may be the pauses': shortened, its p99 is 11
    [InlineData("itl p99 < 3ms", 0L, 10L, VerdictStatus.NotMet)]       // 10 shortened leave 30 over the rank's 20: still +6
    [InlineData("itl p99 < 3ms", 0L, null, VerdictStatus.NotMet)]      // a run saved before gaps were counted: judged as measured
    [InlineData("itl p99 < 7ms", 2000L, 0L, VerdictStatus.Inconclusive)] // every direct gap may be 6 ms shorter: the overhead could be +12
    [InlineData("itl p99 < 7ms", 0L, 40L, VerdictStatus.Met)]           // shortening relayed gaps only lowers the overhead
    [InlineData("itl p99 < 20ms", 2000L, 40L, VerdictStatus.Met)]       // clear of the limit by more than the pauses reach
    public void AnItlOverheadVerdictTheWidenedGapsCouldTurn_IsInconclusive(string claim, long direct, long? via, VerdictStatus expected)
    {
        var verdict = OverheadAnalysis.Analyse(GapsRun(via is long v ? new PausedGapCounts(direct, v) : null), Options(claim)).Claims.Single();

        Assert.True(expected == verdict.Status, verdict.Reason);
        Assert.Equal(expected == VerdictStatus.Inconclusive, verdict.Reason.Contains("; but the harness's own 4 pauses of up to 6 ms may have widened up to", StringComparison.Ordinal));
        if (claim == "itl p99 < 3ms" && expected == VerdictStatus.Inconclusive)
        {
            Assert.Contains("up to 0 of the direct and 40 of the relayed gaps, and without them the interval could reach [+1, +6] ms: the verdict may be the harness's", verdict.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheWidenedGaps_AreSaved_AndTheSavedRunIsJudgedAlike()
    {
        string dir = Path.Combine(Path.GetTempPath(), "harness-overhead-gaps-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var samples = GapsRun(new PausedGapCounts(0, 40));
            var report = OverheadAnalysis.Analyse(samples, Options("itl p99 < 3ms"));
            OverheadDirectory.Write(dir, samples, report);

            var (read, saved) = OverheadDirectory.Read(dir);

            Assert.Equal(new PausedGapCounts(0, 40), read.GapsWidened);
            Assert.Equal(new PausedGapCounts(0, 40), saved.GapsWidened);
            Assert.Equal(VerdictStatus.Inconclusive, Assert.Single(report.Claims).Status);
            Assert.Equal(report.Claims, OverheadAnalysis.Analyse(read, Options("itl p99 < 3ms")).Claims);
            Assert.Contains("; they may have widened up to 0 direct and 40 relayed gaps, and an ITL verdict those could turn is inconclusive too.", OverheadMarkdown.Render(report), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void PausedPairs_AreSavedWithEachPair_AndAReportCountingOthersIsRefused()
    {
        string dir = Path.Combine(Path.GetTempPath(), "harness-overhead-paused-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var samples = PausedRun(i => i < 10);
            var report = OverheadAnalysis.Analyse(samples, Options("ttft p99 < 10ms"));
            OverheadDirectory.Write(dir, samples, report);

            var (read, saved) = OverheadDirectory.Read(dir);

            Assert.Equal(samples.PairRecords.Select(p => p.Paused), read.PairRecords.Select(p => p.Paused));
            Assert.Equal(report.Claims, OverheadAnalysis.Analyse(read, Options("ttft p99 < 10ms")).Claims);
            string pairsPath = Path.Combine(dir, OverheadDirectory.PairsFile);
            var lines = File.ReadAllLines(pairsPath);
            File.WriteAllLines(pairsPath, [lines[0], lines[1][..^1] + "0", .. lines[2..]]);
            var refused = Assert.Throws<InvalidDataException>(() => OverheadDirectory.Read(dir));
            Assert.Equal($"{pairsPath}: 9 pairs a pause of the harness may have delayed, but overhead.json counts 10", refused.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void TheHarnesssOwnPauses_AreStatedWithThePairsTheyMayHaveDelayed_AndLeftOutWhenThereWereNone()
    {
        var report = new OverheadReport { Direct = "http://d", Via = "http://v", Transport = "sse", LoadPoint = "c4", Connections = "warm", Method = "m", Pairs = 200 };
        var paused = report with { Pauses = new HarnessPauses { Count = 2, Collections = 2, MaxMs = 23.4, TtftMeasured = 400, TtftDelayed = 9 }, PairsDelayed = 8 };

        Assert.Contains("The harness paused 2 times (2 garbage collections, longest 23.4 ms): one may have delayed a first token or an end in 8 of 200 pairs", OverheadMarkdown.Render(paused), StringComparison.Ordinal);
        var machine = paused with { Pauses = paused.Pauses! with { Count = 5, MachineCount = 3, MachineMaxMs = 7.5 } };
        Assert.Contains("The harness paused 5 times (2 garbage collections, 3 the machine standing still, longest 23.4 ms)", OverheadMarkdown.Render(machine), StringComparison.Ordinal);
        Assert.DoesNotContain("The harness paused", OverheadMarkdown.Render(report with { Pauses = new HarnessPauses { TtftMeasured = 400 } }), StringComparison.Ordinal);
        Assert.DoesNotContain("The harness paused", OverheadMarkdown.Render(report), StringComparison.Ordinal);
    }

    [Fact]
    public void AWarmRun_WhereTheRelayOpenedAConnectionPerRequest_SaysItDoesNotKeepThemAlive()
    {
        var report = new OverheadReport { Direct = "http://d", Via = "http://v", Transport = "sse", LoadPoint = "c8", Connections = "warm", Method = "m", Pairs = 80 };
        OverheadMetric Connect(long direct, long via) => new() { Metric = "connect", DirectCount = direct, ViaCount = via, Paired = PairedMedian.Of([]) };

        Assert.Contains("⚠️ Warm connections were asked, but 80 of 80 requests through the relay opened a new connection: the relay does not keep connections alive, so its figures include a connection setup each.", OverheadMarkdown.Render(report with { Metrics = [Connect(1, 80)] }), StringComparison.Ordinal);
        Assert.DoesNotContain("Warm connections were asked", OverheadMarkdown.Render(report with { Metrics = [Connect(8, 8)] }), StringComparison.Ordinal);
        Assert.DoesNotContain("Warm connections were asked", OverheadMarkdown.Render(report with { Connections = "cold", Metrics = [Connect(80, 80)] }), StringComparison.Ordinal);
    }

    [Fact]
    public void TheHarnesssOwnLag_IsStated_AndFlaggedPastTheSaturationLine()
    {
        var report = new OverheadReport { Direct = "http://d", Via = "http://v", Transport = "sse", LoadPoint = "c4", Connections = "warm", Method = "m", Pairs = 200 };

        Assert.Contains("The harness's own error: its scheduling lag p99 was 0.25 ms over the run (2,000 probes)", OverheadMarkdown.Render(report with { Resolution = new HarnessResolution(0.25, 2000, null) }), StringComparison.Ordinal);
        var saturated = report with { Resolution = new HarnessResolution(7.5, 2000, null) };
        Assert.Contains("The harness's own error: ⚠️ past the 5 ms saturation line, so the harness was short of CPU: its scheduling lag p99 was 7.5 ms", OverheadMarkdown.Render(saturated), StringComparison.Ordinal);
        Assert.Contains("; a verdict met or missed by no more than that is inconclusive.", OverheadMarkdown.Render(saturated), StringComparison.Ordinal);
        Assert.Contains("\"saturated\": true", System.Text.Json.JsonSerializer.Serialize(saturated, ResultsDirectory.JsonOptions), StringComparison.Ordinal);
        Assert.Contains("\"saturated\": false", System.Text.Json.JsonSerializer.Serialize(report with { Resolution = new HarnessResolution(0.25, 2000, null) }, ResultsDirectory.JsonOptions), StringComparison.Ordinal);
        Assert.DoesNotContain("own error", OverheadMarkdown.Render(report), StringComparison.Ordinal);
    }
    /// <summary>
    /// 100 pairs: direct streamed (10 tokens 20 ms apart from about 20 ms); through the relay the first
    /// <paramref name="heldBack"/> answers held back and sent at once when the last token is due, the rest streamed alike.
    /// </summary>
    private static OverheadSamples HeldBackSamples(int heldBack)
    {
        var samples = new OverheadSamples(Transport.Sse, "c2", cold: false);
        for (int i = 0; i < 100; i++)
        {
            double ttft = 20 + (i % 7);
            samples.Record(SyntheticTimeline.Ok(ttft, 20, 10), i < heldBack ? SyntheticTimeline.Ok(ttft + 180, 0.01, 10) : SyntheticTimeline.Ok(ttft + 1, 20, 10), viaFirst: i % 2 == 0);
        }

        return samples;
    }

    [Fact]
    public void ARelayHoldingMostAnswersBack_ItsMetItlClaimIsInconclusive_TtftStands_AndTheReportSaysSo()
    {
        var report = OverheadAnalysis.Analyse(HeldBackSamples(51), Options("itl p50 < 5ms", "ttft p50 < 500ms"));

        Assert.Equal((0L, 100L, 51L, 100L), (report.DirectBufferedStreams, report.DirectJudgedStreams, report.ViaBufferedStreams, report.ViaJudgedStreams));
        var itl = report.Claims[0];
        Assert.Equal(VerdictStatus.Inconclusive, itl.Status);
        Assert.Contains(": the whole interval is < 5 ms; but answers came all at once, not streamed (51 of 100 through the relay, 0 of 100 direct): the gaps between their tokens time writes of a whole answer, not generation", itl.Reason, StringComparison.Ordinal);
        Assert.Equal(VerdictStatus.Met, report.Claims[1].Status); // what a user waited for the first token
        Assert.Equal(VerdictStatus.Inconclusive, report.Overall);
        Assert.StartsWith("51 of 100 answers through the relay came all at once, not streamed (direct: 0 of 100): the relay holds answers back", report.HeldBack, StringComparison.Ordinal);
        Assert.Contains($"⚠️ Held back: {report.HeldBack}.", OverheadMarkdown.Render(report), StringComparison.Ordinal);
    }

    [Fact]
    public void HalfTheAnswersHeldBack_IsNotMostly_TheItlClaimStands_NothingSaid()
    {
        var report = OverheadAnalysis.Analyse(HeldBackSamples(50), Options("itl p50 < 5ms"));

        Assert.Equal((50L, 100L), (report.ViaBufferedStreams, report.ViaJudgedStreams));
        Assert.Equal(VerdictStatus.Met, report.Claims[0].Status);
        Assert.DoesNotContain("all at once", report.Claims[0].Reason, StringComparison.Ordinal);
        Assert.Null(report.HeldBack);
        Assert.DoesNotContain("Held back", OverheadMarkdown.Render(report), StringComparison.Ordinal);
    }
}
