using Harness.Load.Results;
using Harness.Reports.Decision;

namespace Harness.Reports.Tests.Decision;

public sealed class TransportDeciderTests
{
    [Fact]
    public void WebSocketFasterByAboutTwoMs_NamedFastest_WithTheInterval()
    {
        // Synthetic: ws first tokens 1.5 ms earlier than sse, 2.3 ms earlier than sse-h2.
        var data = ReportData.Read(new SyntheticResults { RequestsPerSeries = 400 }.WriteToTemp());

        var decision = TransportDecider.Decide(data);

        Assert.Equal(["c1", "c10", "c100"], decision.LoadPoints.Select(p => p.LoadPoint));
        var ttft = decision.LoadPoints[0].Metrics.Single(m => m.Metric == "ttft" && m.Percentile == 50);
        Assert.Equal("ws", ttft.Fastest);
        Assert.True(ttft.Decided, ttft.Answer);
        Assert.Null(ttft.BoundMs); // a transport was faster: no "within" to state
        var sse = ttft.Others.Single(o => o.Transport == "sse");
        Assert.InRange(sse.DifferenceMs!.Value, 0.5, 3);
        Assert.True(sse.CiLowMs > 0 && sse.CiHighMs > sse.CiLowMs);
        Assert.StartsWith("WebSocket faster than SSE (HTTP/1.1) by", ttft.Answer, StringComparison.Ordinal);
        Assert.Contains("95% CI", ttft.Answer, StringComparison.Ordinal);

        // The section's first line counts the answers that called a transport faster, by transport.
        int answers = decision.LoadPoints.Sum(p => p.Metrics.Count);
        var calls = decision.LoadPoints.SelectMany(p => p.Metrics.Where(m => m.Others.Any(o => o.Detectable)).Select(m => (p.LoadPoint, m))).ToList();
        Assert.All(calls, c => Assert.Equal("ws", c.m.Fastest));
        Assert.StartsWith($"In short: WebSocket faster in {calls.Count} of the {answers} answers below (bold), none in the other {answers - calls.Count}", DecisionSection.InShort(decision), StringComparison.Ordinal);
        Assert.Contains("**In short: ", DecisionSection.Markdown(decision), StringComparison.Ordinal);
        Assert.Contains("<p><strong>In short: ", DecisionSection.Html(decision), StringComparison.Ordinal);
    }

    [Fact]
    public void P99With60Requests_NoDetectableDifferenceAtThisSampleSize()
    {
        var data = ReportData.Read(new SyntheticResults { RequestsPerSeries = 60 }.WriteToTemp());

        var decision = TransportDecider.Decide(data);

        var ttft99 = decision.LoadPoints[1].Metrics.Single(m => m.Metric == "ttft" && m.Percentile == 99);
        Assert.False(ttft99.Decided);
        Assert.All(ttft99.Others, o => Assert.False(o.Detectable));
        Assert.Equal("too few samples to tell (n = 60; p99 needs 300)", ttft99.Answer);
        int few = decision.LoadPoints.Sum(p => p.Metrics.Count(m => m.SampleSize < m.MinimumSamples));
        Assert.True(few >= 3, $"{few} answers short of samples");
        Assert.Contains(FormattableString.Invariant($"; {few} lacked the samples their percentile needs (a run about 5× as long would do)"), DecisionSection.InShort(decision), StringComparison.Ordinal);
    }

    [Fact]
    public void IdenticalTransports_NoDetectableDifference()
    {
        string dir = Directory.CreateTempSubdirectory("decision-tie-").FullName;
        var histograms = new HistogramSet();
        var series = new List<SeriesResult>();
        foreach (string transport in new[] { "sse", "ws" })
        {
            var r = new Random(3);
            for (int i = 0; i < 500; i++)
            {
                HistogramSet.Record(histograms.Get(transport, "c10", MetricNames.Ttft), TimeSpan.FromMilliseconds(100 + (r.NextDouble() * 20)));
            }

            series.Add(new SeriesResult { Transport = transport, LoadPoint = "c10", Concurrency = 10, Requests = 500, Outcomes = new() { ["ok"] = 500 } });
        }

        ResultsDirectory.Write(dir, new RunResults { Name = "tie", StartedUtc = DateTimeOffset.UnixEpoch, Series = series }, histograms);

        var decision = TransportDecider.Decide(ReportData.Read(dir));

        var ttft = Assert.Single(decision.LoadPoints).Metrics.Single(m => m.Percentile == 50);
        var gap = ttft.Others.Single();
        Assert.Equal(0, gap.DifferenceMs);
        double bound = Math.Max(Math.Abs(gap.CiLowMs!.Value), Math.Abs(gap.CiHighMs!.Value)) + gap.ResolutionMs;
        Assert.Equal(bound, ttft.BoundMs!.Value, 9);
        string within = Format.Ms(bound);
        Assert.Equal("no detectable difference (n = 500)", ttft.Answer);
        var tail = Assert.Single(decision.LoadPoints).Metrics.Single(m => m.Percentile == 99);
        string widest = tail.BoundMs > bound ? $"{Format.Ms(tail.BoundMs)} ms of the fastest (widest: TTFT p99" : $"{within} ms of the fastest (widest: TTFT p50";
        Assert.Equal($"In short: no transport faster in any of the 2 answers below; all within {widest} at c10).", DecisionSection.InShort(decision));
        Assert.DoesNotContain(Assert.Single(decision.LoadPoints).Metrics, m => m.Metric == "itl");
    }

    [Theory]
    [InlineData(new[] { 99.0, 101, 99 }, true)]
    [InlineData(new[] { 100.0, 100.5, 101.5 }, false)]
    public void MeasuredInRounds_CalledFasterOnlyWhenEveryRoundAgrees(double[] wsRoundP50, bool held)
    {
        // Pooled, ws is 2 ms faster with 500 samples each: the bootstrap alone calls it either way.
        var ttft = DecideRoundsTtftP50(lagP99Ms: 0, ("sse", 2.0, [101, 103, 101]), ("ws", 0.0, wsRoundP50));

        var gap = ttft.Others.Single();
        Assert.True(gap.CiLowMs > 0, "the pooled interval is clear of 0");
        Assert.Equal("ws", ttft.Fastest);
        Assert.Equal(held, ttft.Decided);
        Assert.Equal(!held, gap.FailedAcrossRounds);
        if (held)
        {
            Assert.StartsWith("WebSocket faster than SSE (HTTP/1.1) by ", ttft.Answer, StringComparison.Ordinal);
            Assert.EndsWith("; by round +2.00, +2.00, +2.00 ms)", ttft.Answer, StringComparison.Ordinal);
        }
        else
        {
            // The rounds' t interval (−2.73…+4.73 ms) reaches further than the pooled one (about 2 ms): it bounds the gap.
            Assert.Equal("no difference that held in every round (SSE (HTTP/1.1) − WebSocket by round: +1.00, +2.50, −0.50 ms)", ttft.Answer);
            Assert.Equal(4.727, gap.Rounds!.HighMs!.Value, 3);
            Assert.Equal(gap.Rounds.HighMs.Value + gap.ResolutionMs, ttft.BoundMs!.Value, 9);
        }
    }

    [Fact]
    public void OneGapDriftingAndAnotherWithinTheResolution_TheAnswerNamesBoth()
    {
        // ws fastest; sse 2 ms slower but not in round 3; sse-h2 0.5 ms slower in every round, inside a 1 ms lag p99.
        var ttft = DecideRoundsTtftP50(
            lagP99Ms: 1.0,
            ("sse", 2.0, [102, 103, 99.5]),
            ("sse-h2", 0.5, [100.5, 100.6, 100.5]),
            ("ws", 0.0, [100, 100, 100]));

        Assert.False(ttft.Decided);
        Assert.StartsWith("no difference that held in every round (SSE (HTTP/1.1) − WebSocket by round: +2.00, +3.00, −0.50 ms); no difference beyond the harness's resolution (SSE (HTTP/2) − WebSocket: +0.", ttft.Answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5, true)]
    [InlineData(1.5, false)]
    public void ADifferenceInsideTheHarnesssLagP99_NotCalled_ThoughItsIntervalIsClearOf0(double lagP99Ms, bool called)
    {
        // ws first tokens 1 ms earlier than sse, 500 each (1.02 ms in the histograms' 0.064 ms steps).
        var ttft = DecideTtftP50(sseShiftMs: 1.0, baseMs: 100, lagP99Ms);

        var gap = ttft.Others.Single();
        Assert.True(gap.CiLowMs > 0.9, "the interval alone would call it");
        Assert.Equal(called, ttft.Decided);
        Assert.Equal(!called, gap.WithinResolution);
        if (called)
        {
            Assert.StartsWith("WebSocket faster than SSE (HTTP/1.1) by 1.02 ms", ttft.Answer, StringComparison.Ordinal);
            Assert.Null(ttft.BoundMs);
        }
        else
        {
            // Not called, yet bounded: the gap's interval plus the resolution it could hide in.
            Assert.Equal("no difference beyond the harness's resolution (SSE (HTTP/1.1) − WebSocket: +1.02 ms, 95% CI 1.02–1.02, resolution 1.56 ms)", ttft.Answer);
            Assert.Equal(gap.CiHighMs!.Value + gap.ResolutionMs, ttft.BoundMs!.Value, 9);
        }
    }

    [Theory]
    [InlineData(100, true)] // at 100 ms the histograms' step is 0.064 ms
    [InlineData(1100, false)] // at 1.1 s it is 1.024 ms: a 1 ms difference is one step
    public void ADifferenceOfOneHistogramStep_NotCalled(double baseMs, bool called)
    {
        var ttft = DecideTtftP50(sseShiftMs: 1.0, baseMs, lagP99Ms: 0.1);

        Assert.Equal(called, ttft.Decided);
        Assert.Equal(!called, ttft.Others.Single().WithinResolution);
    }

    [Theory]
    [InlineData(0.2, true)]
    [InlineData(1.0, false)]
    public void ADifferenceInsideTheFakesLateness_NotCalled_AsTheResolutionColumnSays(double fakeLateP99Ms, bool called)
    {
        // The report prints each series' ± resolution as lag p99 + the fake's lateness p99; the answer
        // may not call a gap smaller than what it prints beside it.
        var decision = Decide(ConstantTtftRun.AgainstFake(lagP99Ms: 0.2, fakeLateP99Ms, ("sse", 101), ("ws", 100)));
        var ttft = decision.LoadPoints.Single().Metrics.Single(m => m.Percentile == 50);

        Assert.Equal(called, ttft.Decided);
        Assert.Equal(fakeLateP99Ms, decision.FakeLateP99Ms);
        if (!called)
        {
            Assert.Equal("no difference beyond the harness's resolution (SSE (HTTP/1.1) − WebSocket: +1.02 ms, 95% CI 1.02–1.02, resolution 1.26 ms)", ttft.Answer);
            Assert.Contains("the embedded fake wrote its tokens up to 1 ms late (p99, in its worst series)", DecisionSection.Markdown(decision), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ASaturatedLoadPoint_ADifferenceTheLagCouldMake_IsLeftUndecided_TheOthersDecideAsUsual()
    {
        // WebSocket 10 ms faster everywhere; the harness saturated in sse c100 alone.
        var (run, histograms) = ConstantTtftRun.AtLoads(["c10", "c100"], 500, 0.2, null, ("sse", 110), ("ws", 100));
        run = SaturatedSeries.With(run, s => s.Transport == "sse" && s.LoadPoint == "c100", 8, histograms: histograms);

        var decision = Decide((run, histograms));

        var c10 = decision.LoadPoints.Single(p => p.LoadPoint == "c10");
        var c100 = decision.LoadPoints.Single(p => p.LoadPoint == "c100");
        Assert.Null(c10.Saturation);
        Assert.All(c10.Metrics, m => Assert.True(m.Decided, m.Answer));
        Assert.Equal(8, c100.Saturation!.PeakLagP99Ms, 0.01);
        Assert.All(c100.Metrics, m => Assert.False(m.Decided));
        Assert.All(c100.Metrics.SelectMany(m => m.Others), o => Assert.False(o.Detectable));
        var ttft = c100.Metrics.Single(m => m.Percentile == 50);
        Assert.Equal("not decided: the harness was saturated here and its lag could make the difference (SSE (HTTP/1.1) − WebSocket: +9.98 ms, 95% CI 9.98–9.98, resolution 8.07 + both transports' lag 8.20 ms)", ttft.Answer);
        Assert.Equal("In short: WebSocket faster in 2 of the 4 answers below (bold), none in the other 2; 2 not decided: the harness was saturated at c100 and its lag could make the difference (a longer run does not cure that; a less loaded client may).", DecisionSection.InShort(decision));
        Assert.Contains("⚠ The harness was saturated at c100 (scheduling lag p99 8 ms > 5 ms in sse c100): its lag may have moved either transport's figures there", DecisionSection.Markdown(decision), StringComparison.Ordinal);
    }

    [Fact]
    public void OneSaturatedRound_ADifferenceBeyondBothTransportsLag_Stands()
    {
        // As in a run where one round of sse c20 lagged 12.8 ms: a 29 ms TTFT gap is more than any lag could make.
        var (run, histograms) = ConstantTtftRun.AtLoads(["c20"], 240, 0.2, null, ("sse", 101), ("ws", 130));
        run = SaturatedSeries.With(run, s => s.Transport == "sse", 1.34, [1.2, 12.76, 1.1], histograms);

        var decision = Decide((run, histograms));

        var c20 = decision.LoadPoints.Single();
        Assert.NotNull(c20.Saturation);
        var ttft = c20.Metrics.Single(m => m.Percentile == 50);
        Assert.True(ttft.Decided, ttft.Answer);
        Assert.StartsWith("SSE (HTTP/1.1) faster than WebSocket by 29", ttft.Answer, StringComparison.Ordinal);
        Assert.Equal(12.76 + 0.2, ttft.Others.Single().LagBoundMs!.Value, 2);
    }

    [Fact]
    public void RoundsAllOneWay_ButTheirTIntervalReaches0_SaysNotSteady_NotThatItFailedToHold()
    {
        // SSE − WebSocket is positive in every round (+1, +5, +0.2 ms), too unsteady for the t interval.
        var ttft = DecideRoundsTtftP50(lagP99Ms: 0, ("sse", 2.0, [101, 101, 102]), ("ws", 0.0, [100, 96, 101.8]));

        Assert.False(ttft.Decided);
        Assert.True(ttft.Others.Single().FailedAcrossRounds);
        Assert.StartsWith("not steady enough across rounds (SSE (HTTP/1.1) − WebSocket by round: +1.00, +5.00, +0.20 ms; t-interval of their mean −4.", ttft.Answer, StringComparison.Ordinal);
        Assert.DoesNotContain("held in every round", ttft.Answer, StringComparison.Ordinal);
        Assert.Equal([UndecidedReason.NotSteadyAcrossRounds], ttft.Undecided);
    }

    [Fact]
    public void AMedianGapOfFiveMsPerToken_IsAsked_AndATailShortOfSamplesClaimsNoDifference()
    {
        // 150 requests each, 19 gaps of 20 ms (sse) against 25 ms (ws): the p99s lack samples, the medians do not.
        var histograms = new HistogramSet();
        var series = new List<SeriesResult>();
        foreach (var (transport, itl) in new[] { ("sse", 20.0), ("ws", 25.0) })
        {
            var random = new Random(4);
            for (int i = 0; i < 150; i++)
            {
                double e2e = 100;
                for (int k = 0; k < 19; k++)
                {
                    double gap = itl + (random.NextDouble() * 0.4);
                    HistogramSet.Record(histograms.Get(transport, "c10", MetricNames.Itl), TimeSpan.FromMilliseconds(gap));
                    e2e += gap;
                }

                HistogramSet.Record(histograms.Get(transport, "c10", MetricNames.EndToEnd), TimeSpan.FromMilliseconds(e2e));
            }

            series.Add(new SeriesResult { Transport = transport, LoadPoint = "c10", Concurrency = 10, Requests = 150, Outcomes = new() { ["ok"] = 150 } });
        }

        var decision = Decide((new RunResults { Name = "medians", StartedUtc = DateTimeOffset.UnixEpoch, Series = series, Saturation = new SaturationStatus { LagP99Ms = 0.2, ThresholdMs = 5 } }, histograms));

        var c10 = decision.LoadPoints.Single();
        Assert.StartsWith("SSE (HTTP/1.1) faster than WebSocket by 5.", c10.Metrics.Single(m => m.Metric == "itl" && m.Percentile == 50).Answer, StringComparison.Ordinal);
        Assert.StartsWith("SSE (HTTP/1.1) faster than WebSocket by 9", c10.Metrics.Single(m => m.Metric == "e2e" && m.Percentile == 50).Answer, StringComparison.Ordinal);
        Assert.Equal("too few samples to tell (n = 150; p99 needs 300)", c10.Metrics.Single(m => m.Metric == "e2e" && m.Percentile == 99).Answer);
        Assert.Contains("| load | TTFT p50 | TTFT p99 | ITL p50 | ITL p99 | e2e p50 | e2e p99 |", DecisionSection.Markdown(decision), StringComparison.Ordinal);
        Assert.Contains("| not measured: no transport recorded TTFT samples here |", DecisionSection.Markdown(decision), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3", 1, true, " The run was stopped in or after its first round of 3")]
    [InlineData("1", 0, false, " The series were measured one after another in one block each")]
    public void ARunWithoutRoundsToCompare_SaysWhy_AndSuggestsRoundsOnlyWhereNoneWereAsked(string plannedRounds, int roundsRan, bool partial, string said)
    {
        var (run, histograms) = ConstantTtftRun.Of(0.2, ("sse", 110), ("ws", 100));
        run = run with
        {
            Partial = partial,
            Settings = new() { ["rounds"] = plannedRounds },
            Series = [.. run.Series.Select(s => s with { Rounds = roundsRan == 0 ? null : [new RoundResult { Round = 1, Metrics = s.Metrics }] })],
        };

        var decision = Decide((run, histograms));

        Assert.Contains(said, decision.Method, StringComparison.Ordinal);
        Assert.Equal(!partial, decision.Method.Contains("--rounds 3", StringComparison.Ordinal));
        Assert.True(decision.LoadPoints.Single().Metrics.Single(m => m.Percentile == 50).Decided, "one round is judged as one block, not as rounds that failed to hold");
    }

    [Theory]
    [InlineData(398, false)] // every answer held back: ITL time the relay's writes
    [InlineData(200, false)] // most
    [InlineData(199, true)]  // half: as a stall before the first token can make the odd answer look held back
    [InlineData(0, true)]
    public void ItlAnswers_ComparingASeriesOfHeldBackAnswers_AreNotDecided(long buffered, bool decided)
    {
        // ws 1.5 ms below the others in TTFT: decided, held back or not (TTFT is what a user waited);
        // ITL is the same schedule everywhere, so the test reads the reason, not a winner.
        var data = ReportData.Read(new SyntheticResults { Concurrencies = [10], HeldBack = ("sse/c10", buffered) }.WriteToTemp());
        var decision = TransportDecider.Decide(data);
        var metrics = decision.LoadPoints.Single().Metrics;

        Assert.Equal(398, data.Results.Series.Single(s => s.Transport == "sse").JudgedStreams); // its successes (seeded)
        Assert.All(metrics.Where(m => m.Metric == MetricNames.Itl), m => Assert.Equal(!decided, m.Undecided.Contains(UndecidedReason.NotStreamed)));
        Assert.All(metrics.Where(m => m.Metric != MetricNames.Itl), m => Assert.DoesNotContain(UndecidedReason.NotStreamed, m.Undecided));
        if (!decided)
        {
            Assert.Contains("not decided: the answers of SSE (HTTP/1.1) came all at once, so their gaps between tokens time a relay's writes, not generation", metrics.First(m => m.Metric == MetricNames.Itl).Answer, StringComparison.Ordinal);
            Assert.Contains("not decided: answers came all at once, not streamed, so their gaps between tokens time a relay's writes (see above)", DecisionSection.InShort(decision), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void InShort_CountsEachReason_NotOnlyTooFewSamples()
    {
        // 100 requests: the p99s lack samples; the fake stalled in sse-h2 c100, whose p99 cells say so,
        // and so do its TTFT and e2e medians: at 100 streams one wave was every one of its 100 requests
        // (its 4,900 gaps between tokens it reached from p98 only).
        var decision = TransportDecider.Decide(ReportData.Read(new SyntheticResults { RequestsPerSeries = 100, FakeLate = ("sse-h2/c100", 41.2, 58.4) }.WriteToTemp()));
        var c100 = decision.LoadPoints.Single(p => p.LoadPoint == "c100").Metrics;
        var stalled = c100.Where(m => m.Undecided.Contains(UndecidedReason.FakeStall)).ToList();

        Assert.Equal(
            [("ttft", 50.0), ("ttft", 99.0), ("itl", 99.0), ("e2e", 50.0), ("e2e", 99.0)],
            stalled.Select(m => (m.Metric, m.Percentile)));
        string inShort = DecisionSection.InShort(decision);
        Assert.Contains(FormattableString.Invariant($"; {stalled.Count} not decided: the embedded fake fell behind its schedule (another run on a quieter machine may decide it; below p99, so may a longer one"), inShort, StringComparison.Ordinal);
        Assert.Contains(" lacked the samples their percentile needs (a run about ", inShort, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(41.2, true)]
    [InlineData(4.9, false)] // within the saturation threshold (5 ms): no stall
    public void AgainstAnotherEndpoint_ASeriesTheMachineStoodStillIn_LeavesItsLoadPointsTailsUndecided_AndIsNamed(double machineMs, bool stood)
    {
        var decision = TransportDecider.Decide(ReportData.Read(new SyntheticResults { RequestsPerSeries = 400, MachineStood = ("sse-h2/c100", machineMs) }.WriteToTemp()));
        var c100 = decision.LoadPoints.Single(p => p.LoadPoint == "c100").Metrics;
        string section = DecisionSection.Markdown(decision);

        Assert.Equal(stood ? [("ttft", 99.0), ("itl", 99.0), ("e2e", 99.0)] : [], c100.Where(m => m.Undecided.Contains(UndecidedReason.MachineStandstill)).Select(m => (m.Metric, m.Percentile)));
        Assert.All(decision.LoadPoints.Where(p => p.LoadPoint != "c100").SelectMany(p => p.Metrics), m => Assert.DoesNotContain(UndecidedReason.MachineStandstill, m.Undecided));
        Assert.Equal(stood, section.Contains("⚠ The machine stood still: the harness's own real-time thread woke more than 5 ms late in sse-h2 c100 (up to 41.2 ms).", StringComparison.Ordinal));
        Assert.Equal(stood, DecisionSection.InShort(decision).Contains("not decided: the machine stood still (another run may decide it)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(150, 41.2, false)]  // 100 streams, 150 requests: one stalled wave is two thirds of the samples, the median too
    [InlineData(150, 4.9, true)]    // no stall: the same run decides its median
    [InlineData(3_000, 41.2, true)] // 100 of 3,000: a stall reaches p99 and above only
    public void AMedianOneStalledWaveIsMostOf_IsNotDecided(int requests, double fakeLateMs, bool decided)
    {
        // 100 ms apart, far past the resolution (lag 0.2 ms + the fake's lateness p99).
        var decision = Decide(ConstantTtftRun.AtLoads(["c100"], requests, 0.2, fakeLateMs, ("sse", 200), ("ws", 100)));
        var median = decision.LoadPoints.Single().Metrics.Single(m => m.Percentile == 50);

        Assert.Equal(decided, median.Decided);
        Assert.Equal(!decided, median.Undecided.Contains(UndecidedReason.FakeStall));
    }

    [Fact]
    public void EveryLoadPointSaturated_TheWholeComparisonIsUndecided()
    {
        var (run, histograms) = ConstantTtftRun.AtLoads(["c10", "c100"], 500, 0.2, null, ("sse", 110), ("ws", 100));
        run = SaturatedSeries.With(run, s => s.Transport == "ws", 8, histograms: histograms);

        var decision = Decide((run, histograms));

        Assert.All(decision.LoadPoints.SelectMany(p => p.Metrics), m => Assert.False(m.Decided));
        Assert.Equal("In short: not decided at all: the harness was saturated at every load point (c10, c100), so this run cannot say which transport is faster.", DecisionSection.InShort(decision));
    }

    [Fact]
    public void ASaturatedRunFromBeforePerSeriesProbes_LeavesEveryLoadPointUndecided()
    {
        // No series carries probe samples: the run's own flag is all there is to go on.
        var (run, histograms) = ConstantTtftRun.AtLoads(["c10", "c100"], 500, 0.2, null, ("sse", 110), ("ws", 100));
        run = run with { Saturation = new SaturationStatus { LagP99Ms = 12, ThresholdMs = 5, Saturated = true } };

        var decision = Decide((run, histograms));

        Assert.All(decision.LoadPoints.SelectMany(p => p.Metrics), m => Assert.False(m.Decided));
        Assert.StartsWith("In short: not decided at all", DecisionSection.InShort(decision), StringComparison.Ordinal);
    }

    private static MetricDecision DecideTtftP50(double sseShiftMs, double baseMs, double lagP99Ms) =>
        Decide(ConstantTtftRun.Of(lagP99Ms, ("sse", baseMs + sseShiftMs), ("ws", baseMs))).LoadPoints.Single().Metrics.Single(m => m.Percentile == 50);

    // Each transport's 500 TTFTs spread over 2 ms above 100 ms + its shift; its rounds' p50s as given.
    private static MetricDecision DecideRoundsTtftP50(double lagP99Ms, params (string Transport, double ShiftMs, double[] RoundP50)[] transports)
    {
        var histograms = new HistogramSet();
        var series = new List<SeriesResult>();
        foreach (var (transport, shift, rounds) in transports)
        {
            var r = new Random(3);
            for (int i = 0; i < 500; i++)
            {
                HistogramSet.Record(histograms.Get(transport, "c10", MetricNames.Ttft), TimeSpan.FromMilliseconds(100 + shift + (r.NextDouble() * 2)));
            }

            series.Add(new SeriesResult
            {
                Transport = transport,
                LoadPoint = "c10",
                Concurrency = 10,
                Requests = 500,
                Outcomes = new() { ["ok"] = 500 },
                Rounds = [.. rounds.Select((p50, i) => new RoundResult { Round = i + 1, Metrics = new() { [MetricNames.Ttft] = new MetricSummary { Count = 167, P50 = p50, P99 = p50 + 1 } } })],
            });
        }

        var results = new RunResults { Name = "rounds", StartedUtc = DateTimeOffset.UnixEpoch, Series = series, Saturation = new SaturationStatus { LagP99Ms = lagP99Ms, ThresholdMs = 5 } };
        return Decide((results, histograms)).LoadPoints.Single().Metrics.Single(m => m.Percentile == 50);
    }

    private static TransportDecision Decide((RunResults Results, HistogramSet Histograms) run)
    {
        string dir = Directory.CreateTempSubdirectory("decision-resolution-").FullName;
        ResultsDirectory.Write(dir, run.Results, run.Histograms);
        return TransportDecider.Decide(ReportData.Read(dir));
    }
}
