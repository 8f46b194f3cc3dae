using Harness.Load.Results;
using Harness.Reports.Decision;

namespace Harness.Reports.Tests.Decision;

public sealed class DecisionSectionTests
{
    [Fact]
    public void SummaryJsonAndMarkdown_LeadWithTheSameDecision()
    {
        string dir = new SyntheticResults { RequestsPerSeries = 400 }.WriteToTemp();
        var data = ReportData.Read(dir);
        var summary = ReportWriter.Summarize(data);

        string md = MarkdownSummary.Render(summary, data);

        Assert.NotNull(summary.Decision);
        int decisionAt = md.IndexOf("### " + DecisionSection.Heading, StringComparison.Ordinal);
        Assert.True(decisionAt > 0 && decisionAt == md.IndexOf("###", StringComparison.Ordinal), "the decision is summary.md's first section");
        foreach (var point in summary.Decision.LoadPoints)
        {
            Assert.All(point.Metrics, m => Assert.Contains(m.Answer, md, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Html_OneRowPerLoadPoint_OneCellPerQuestion()
    {
        var data = ReportData.Read(new SyntheticResults { RequestsPerSeries = 100 }.WriteToTemp());
        var decision = TransportDecider.Decide(data);

        string html = DecisionSection.Html(decision);

        Assert.StartsWith("<section id=\"decision\">", html, StringComparison.Ordinal);
        Assert.Equal(1 + 3, html.Split("<tr>").Length - 1);
        Assert.Contains("<th class=\"l\">TTFT p50</th>", html, StringComparison.Ordinal);
        Assert.Contains("<th class=\"l\">e2e p99</th>", html, StringComparison.Ordinal);
        Assert.Contains("Resolution:", html, StringComparison.Ordinal);
    }

    [Fact]
    public void FakeLateForOverOnePerMillePastTheSaturationThreshold_NamedAsAStall_InMarkdownAndHtml()
    {
        // The synthetic run's saturation threshold is 5 ms.
        var data = ReportData.Read(new SyntheticResults { RequestsPerSeries = 100, FakeLate = ("sse-h2/c100", 41.2, 58.4) }.WriteToTemp());

        var decision = TransportDecider.Decide(data);

        var stall = Assert.Single(decision.Stalls);
        Assert.Equal(("sse-h2", "c100", 41.2, 58.4), (stall.Transport, stall.LoadPoint, stall.P999Ms, stall.MaxMs));
        Assert.Contains("The embedded fake fell behind its schedule: more than 0.1% of its tokens left over 5 ms late in sse-h2 c100 (p99.9 41.2 ms, max 58.4 ms).", DecisionSection.Markdown(decision), StringComparison.Ordinal);
        Assert.Contains("sse-h2 c100 (p99.9 41.2 ms, max 58.4 ms)", DecisionSection.Html(decision), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { 0.6, 41.2, 0.6 }, "(p99.9 41.2 ms, max 58.4 ms; in round 2 of 3)", true)]
    [InlineData(new[] { 7.0, 41.2, 6.0 }, "(p99.9 41.2 ms, max 58.4 ms; in rounds 1, 2, 3 of 3)", false)]
    [InlineData(new[] { 4.0, 4.5, 4.0 }, "(p99.9 41.2 ms, max 58.4 ms)", false)]
    public void AStallInRounds_NamesTheRoundsThatStalledOnTheirOwn(double[] roundP999Ms, string named, bool someRoundsClean)
    {
        var data = ReportData.Read(new SyntheticResults { RequestsPerSeries = 100, FakeLate = ("sse-h2/c100", 41.2, 58.4) }.WriteToTemp());
        var series = data.Results.Series.Single(s => s.Transport == "sse-h2" && s.LoadPoint == "c100");
        data.Results.Series[data.Results.Series.IndexOf(series)] = series with
        {
            Rounds = [.. roundP999Ms.Select((p999, i) => new RoundResult { Round = i + 1, FakeLateness = new ServerLateness { Events = 1000, P99Ms = 0.3, P999Ms = p999, MaxMs = p999 + 1 } })],
        };

        string md = DecisionSection.Markdown(TransportDecider.Decide(data));

        Assert.Contains("sse-h2 c100 " + named + ".", md, StringComparison.Ordinal);
        Assert.Equal(someRoundsClean, md.Contains("another run may decide them", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.3, 0.3, "; its scheduler thread released on time (at most 0.3 ms late): the delay came after, in the thread pool or behind an earlier write still flushing)")]
    [InlineData(0.3, 38.5, "; its scheduler thread itself released up to 38.5 ms late: the whole process or the machine stood still)")]
    [InlineData(40.0, 0.3, "; its scheduler thread released on time (at most 0.3 ms late)")] // only the stalled round's release counts
    public void AStall_SaysWhereTheDelayWas_FromTheSchedulersOwnRelease(double cleanRoundSchedulerMaxMs, double stalledRoundSchedulerMaxMs, string said)
    {
        var data = ReportData.Read(new SyntheticResults { RequestsPerSeries = 100, FakeLate = ("sse-h2/c100", 41.2, 58.4) }.WriteToTemp());
        var series = data.Results.Series.Single(s => s.Transport == "sse-h2" && s.LoadPoint == "c100");
        ServerLateness Round(double p999, double schedulerMax) => new() { Events = 1000, P99Ms = 0.3, P999Ms = p999, MaxMs = p999 + 1, SchedulerMaxMs = schedulerMax };
        data.Results.Series[data.Results.Series.IndexOf(series)] = series with
        {
            Rounds =
            [
                new RoundResult { Round = 1, FakeLateness = Round(0.6, cleanRoundSchedulerMaxMs) },
                new RoundResult { Round = 2, FakeLateness = Round(41.2, stalledRoundSchedulerMaxMs) },
                new RoundResult { Round = 3, FakeLateness = Round(0.6, cleanRoundSchedulerMaxMs) },
            ],
        };

        var decision = TransportDecider.Decide(data);

        Assert.Equal(stalledRoundSchedulerMaxMs, Assert.Single(decision.Stalls).SchedulerMaxMs);
        Assert.Contains("sse-h2 c100 (p99.9 41.2 ms, max 58.4 ms; in round 2 of 3" + said, DecisionSection.Markdown(decision), StringComparison.Ordinal);
    }

    [Fact]
    public void ARoundMeasuredAgain_IsNamedAboveTheAnswer_WithWhy_AndWhereItsMeasurementIsKept()
    {
        var data = ReportData.Read(new SyntheticResults { RequestsPerSeries = 100 }.WriteToTemp());
        var series = data.Results.Series.Single(s => s.Transport == "ws" && s.LoadPoint == "c10");
        const string Why = "the machine stood still: the embedded fake's highest-priority thread was up to 41.4 ms late, its tokens 41.4 ms at p99.9 (over 5 ms)";
        series = series with
        {
            Rounds = [new RoundResult { Round = 1 }, new RoundResult { Round = 2 }, new RoundResult { Round = 3 }],
            SetAside = [new RoundResult { Round = 2, Requests = 30, SetAsideBecause = Why }],
        };
        // As results.json keeps it.
        series = System.Text.Json.JsonSerializer.Deserialize<SeriesResult>(System.Text.Json.JsonSerializer.Serialize(series, ResultsDirectory.JsonOptions), ResultsDirectory.JsonOptions)!;
        data.Results.Series[data.Results.Series.FindIndex(s => s.Transport == "ws" && s.LoadPoint == "c10")] = series;

        var decision = TransportDecider.Decide(data);
        var without = TransportDecider.Decide(ReportData.Read(new SyntheticResults { RequestsPerSeries = 100 }.WriteToTemp()));

        Assert.Equal(("ws", "c10", 2, 3, Why), Assert.Single(decision.Remeasured) is var r ? (r.Transport, r.LoadPoint, r.Round, r.RoundCount, r.Because) : default);
        const string Said = "Measured again, because the machine stood still in the measurement set aside: ws c10 round 2 of 3 (the embedded fake's highest-priority thread was up to 41.4 ms late, its tokens 41.4 ms at p99.9 (over 5 ms)). Such a stall reaches every request in flight and is the machine's, not the transport's; the measurements set aside are in results.json (series' setAside) and set-aside/, not in these figures.";
        Assert.Contains(Said, DecisionSection.Markdown(decision), StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(Said), DecisionSection.Html(decision), StringComparison.Ordinal);
        Assert.Empty(without.Remeasured);
        Assert.DoesNotContain("Measured again", DecisionSection.Markdown(without), StringComparison.Ordinal);
    }

    [Fact]
    public void AStall_LeavesItsLoadPointsP99sUndecided_AndEverythingElseAsWithout()
    {
        var stalled = TransportDecider.Decide(ReportData.Read(new SyntheticResults { RequestsPerSeries = 400, FakeLate = ("sse-h2/c100", 41.2, 58.4) }.WriteToTemp()));
        // The same fake lateness in every series (its p99 is part of each series' resolution), no stall.
        var clean = TransportDecider.Decide(ReportData.Read(new SyntheticResults { RequestsPerSeries = 400, FakeLate = ("none/c0", 0.6, 1.5) }.WriteToTemp()));

        foreach (var point in stalled.LoadPoints)
        {
            foreach (var m in point.Metrics)
            {
                var without = clean.LoadPoints.Single(p => p.LoadPoint == point.LoadPoint).Metrics.Single(c => c.Metric == m.Metric && c.Percentile == m.Percentile);
                if (point.LoadPoint == "c100" && m.Percentile == 99)
                {
                    Assert.Equal("not decided: the embedded fake fell behind its schedule in SSE (HTTP/2) (see above)", m.Answer);
                    Assert.False(m.Decided || m.Others.Any(g => g.Detectable));
                    Assert.Null(m.BoundMs); // a stall may hide a gap of any size: no "within" stated
                }
                else
                {
                    Assert.Equal(without.Answer, m.Answer);
                }
            }
        }

        // The clean run does decide some of those p99s, so the stall is what took them away.
        Assert.Contains(clean.LoadPoints.Single(p => p.LoadPoint == "c100").Metrics, m => m.Percentile == 99 && m.Others.Any(g => g.Detectable));
        // And it bounds the ones it could not call, which the stall left without a bound.
        Assert.Contains(clean.LoadPoints.Single(p => p.LoadPoint == "c100").Metrics, m => m.Percentile == 99 && m.BoundMs is not null);
    }

    [Theory]
    [InlineData(4.9, 126)] // one token very late is a blip, not a stall
    [InlineData(5.0, 5.0)]
    public void FakeLateAtOrUnderTheThresholdAtPointOnePerMille_NoStall(double p999Ms, double maxMs)
    {
        var data = ReportData.Read(new SyntheticResults { RequestsPerSeries = 100, FakeLate = ("sse-h2/c100", p999Ms, maxMs) }.WriteToTemp());

        var decision = TransportDecider.Decide(data);

        Assert.Empty(decision.Stalls);
        Assert.DoesNotContain("fell behind", DecisionSection.Markdown(decision), StringComparison.Ordinal);
        Assert.DoesNotContain(decision.LoadPoints.SelectMany(p => p.Metrics), m => m.Answer.StartsWith("not decided", StringComparison.Ordinal));
    }

    [Fact]
    public void AgainstARealEndpoint_NoFakeLateness_NoStall()
    {
        var data = ReportData.Read(new SyntheticResults { RequestsPerSeries = 100 }.WriteToTemp());

        Assert.Empty(TransportDecider.Decide(data).Stalls);
    }

    [Fact]
    public void TtftP99MoreThanTheThresholdAboveTheUnpausedRequests_NamedAsTheHarnesss()
    {
        var data = ReportData.Read(new SyntheticResults { RequestsPerSeries = 400, Paused = ("sse-h2/c10", 20) }.WriteToTemp());
        var ttft = data.Results.Series.Single(s => s.Transport == "sse-h2" && s.LoadPoint == "c10").Metrics["ttft"];

        var decision = TransportDecider.Decide(data);

        var tail = Assert.Single(decision.PausedTails);
        Assert.Equal(("sse-h2", "c10", 10L, 30.0), (tail.Transport, tail.LoadPoint, tail.Delayed, tail.MaxPauseMs));
        Assert.Equal(ttft.P99 - 20, tail.UndelayedP99Ms, 6);
        string expected = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"sse-h2 c10 TTFT p99 {ttft.P99:0.#} ms, {ttft.P99 - 20:0.#} ms without the 10 of {ttft.Count} requests a pause (up to 30 ms) may have delayed");
        Assert.Contains(expected, DecisionSection.Markdown(decision), StringComparison.Ordinal);
        Assert.Contains(expected, DecisionSection.Html(decision), StringComparison.Ordinal);
        // No transport is called faster on a percentile the harness made; the other questions stand.
        var c10 = decision.LoadPoints.Single(p => p.LoadPoint == "c10");
        var p99 = c10.Metrics.Single(m => m.Metric == "ttft" && m.Percentile == 99);
        Assert.Equal("not decided: the harness's own pauses made SSE (HTTP/2)'s TTFT p99 (see above)", p99.Answer);
        Assert.Contains("1 not decided: the harness's own pauses made the TTFT p99", DecisionSection.InShort(decision), StringComparison.Ordinal);
        Assert.False(p99.Decided || p99.Others.Any(g => g.Detectable));
        // The latency tables carry the pauses beside the series' resolution.
        string row = MarkdownSummary.Render(ReportWriter.Summarize(data), data).Split('\n').Single(l => l.StartsWith("| **sse-h2** | c10 |", StringComparison.Ordinal));
        Assert.EndsWith(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; 2 pauses up to 30.0 ms, TTFT of 10/{ttft.Count} may be delayed |"), row.TrimEnd());
        Assert.Equal(TransportDecider.Decide(ReportData.Read(new SyntheticResults { RequestsPerSeries = 400 }.WriteToTemp())).LoadPoints.Single(p => p.LoadPoint == "c10").Metrics.Single(m => m.Metric == "ttft" && m.Percentile == 50).Answer,
            c10.Metrics.Single(m => m.Metric == "ttft" && m.Percentile == 50).Answer);
    }

    [Theory]
    [InlineData(4.9)] // just within the synthetic run's saturation threshold (5 ms)
    [InlineData(0.5)]
    public void TtftP99NoMoreThanTheThresholdAboveTheUnpausedRequests_NotNamed(double dropMs)
    {
        var data = ReportData.Read(new SyntheticResults { RequestsPerSeries = 100, Paused = ("sse-h2/c10", dropMs) }.WriteToTemp());

        var decision = TransportDecider.Decide(data);

        Assert.DoesNotContain(decision.PausedTails, t => t.Metric == "ttft");
        Assert.DoesNotContain("requests a pause", DecisionSection.Markdown(decision), StringComparison.Ordinal);
        Assert.DoesNotContain("pauses made", string.Join("\n", decision.LoadPoints.SelectMany(p => p.Metrics).Select(m => m.Answer)), StringComparison.Ordinal);
    }

    [Fact]
    public void E2eP99MoreThanTheThresholdAboveTheRequestsWhoseEndNoPauseMet_NamedAsTheHarnesss()
    {
        var data = ReportData.Read(new SyntheticResults { RequestsPerSeries = 400, Paused = ("sse-h2/c10", 0), PausedEndsDropMs = 20 }.WriteToTemp());
        var e2e = data.Results.Series.Single(s => s.Transport == "sse-h2" && s.LoadPoint == "c10").Metrics["e2e"];

        var decision = TransportDecider.Decide(data);

        var tail = Assert.Single(decision.PausedTails);
        Assert.Equal(("sse-h2", "c10", "e2e", 10L, e2e.Count), (tail.Transport, tail.LoadPoint, tail.Metric, tail.Delayed, tail.Measured));
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"sse-h2 c10 e2e p99 {e2e.P99:0.#} ms, {e2e.P99 - 20:0.#} ms without the 10 of {e2e.Count} requests a pause (up to 30 ms) may have delayed"), DecisionSection.Markdown(decision), StringComparison.Ordinal);
        var p99 = decision.LoadPoints.Single(p => p.LoadPoint == "c10").Metrics.Single(m => m.Metric == "e2e" && m.Percentile == 99);
        Assert.Equal("not decided: the harness's own pauses made SSE (HTTP/2)'s e2e p99 (see above)", p99.Answer);
        Assert.Contains("1 not decided: the harness's own pauses made the e2e p99", DecisionSection.InShort(decision), StringComparison.Ordinal);
        // Within the threshold: not named.
        Assert.Empty(TransportDecider.Decide(ReportData.Read(new SyntheticResults { RequestsPerSeries = 400, Paused = ("sse-h2/c10", 0), PausedEndsDropMs = 4.9 }.WriteToTemp())).PausedTails);
    }

    [Fact]
    public void ItlP99ThePausesMayHaveWidened_NamedAsMaybeTheHarnesss()
    {
        // Two pauses of up to 30 ms at 10 streams may have widened 20 of 4,900 gaps, as many as a
        // tail of 1 % holds above ~20 ms: without them ITL p99 could be 15 ms lower.
        var data = ReportData.Read(new SyntheticResults { RequestsPerSeries = 100, Paused = ("sse-h2/c10", 0) }.WriteToTemp());
        var itl = data.Histograms.Find(HistogramSet.TagOf("sse-h2", "c10", "itl"))!;

        var decision = TransportDecider.Decide(data);

        var tail = Assert.Single(decision.PausedTails);
        Assert.Equal(("sse-h2", "c10", "itl", 20L, itl.TotalCount), (tail.Transport, tail.LoadPoint, tail.Metric, tail.Delayed, tail.Measured));
        Assert.True(tail.P99Ms - tail.UndelayedP99Ms > 5, $"{tail.P99Ms} - {tail.UndelayedP99Ms}");
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"sse-h2 c10 ITL p99 {tail.P99Ms:0.#} ms, as low as {tail.UndelayedP99Ms:0.#} ms without the up to 20 of {itl.TotalCount} gaps a pause (up to 30 ms) may have widened"), DecisionSection.Markdown(decision), StringComparison.Ordinal);
        var c10 = decision.LoadPoints.Single(p => p.LoadPoint == "c10");
        var p99 = c10.Metrics.Single(m => m.Metric == "itl" && m.Percentile == 99);
        Assert.Equal("not decided: the harness's own pauses may have made SSE (HTTP/2)'s ITL p99 (see above)", p99.Answer);
        Assert.Contains("1 not decided: the harness's own pauses may have made the ITL p99", DecisionSection.InShort(decision), StringComparison.Ordinal);
        Assert.False(p99.Decided || p99.Others.Any(g => g.Detectable));
        // Four times the gaps: 20 widened cannot reach a tail of 1 %.
        Assert.Empty(TransportDecider.Decide(ReportData.Read(new SyntheticResults { RequestsPerSeries = 400, Paused = ("sse-h2/c10", 0) }.WriteToTemp())).PausedTails);
    }

    [Fact]
    public void ResultsWithoutPauses_NothingNamed()
    {
        Assert.Empty(TransportDecider.Decide(ReportData.Read(new SyntheticResults { RequestsPerSeries = 100 }.WriteToTemp())).PausedTails);
    }
}
