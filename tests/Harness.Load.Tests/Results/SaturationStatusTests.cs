using System.Text.Json;
using Harness.Load.Results;

namespace Harness.Load.Tests.Results;

public sealed class SaturationStatusTests
{
    [Fact]
    public void ARoundPastTheThreshold_SaturatesTheRun_AndTheSentenceNamesIt()
    {
        var status = SaturationStatus.Of([InRounds("sse", "c100", 1.25, 1, 7.3, 1), InRounds("ws", "c100", 1, 1, 2, 1)], 5);

        Assert.True(status.Saturated);
        Assert.Equal(1.25, status.LagP99Ms);
        Assert.Equal(7.3, status.PeakLagP99Ms);
        Assert.Equal(new SaturationPeak { LagP99Ms = 7.3, Transport = "sse", LoadPoint = "c100", Round = 2, Rounds = 3, SeriesLagP99Ms = 1.25 }, status.Peak);
        Assert.Equal("scheduling lag p99 7.3 ms > 5 ms in sse c100, round 2 of 3; 1.25 ms over its 3 rounds taken together", status.Describe());
    }

    [Theory]
    [InlineData(63, false)] // a 1/3 s round: its p99 is its maximum, one pause; the series (1.25 ms) decides
    [InlineData(100, true)]
    public void ARoundWithTooFewProbes_IsNotJudgedOnItsOwn(long probes, bool saturated)
    {
        var series = InRounds("sse", "c2", 1.25, 1, 7.3, 1) is var s
            ? s with { Rounds = [.. s.Rounds!.Select(r => r with { Metrics = new() { [MetricNames.StartDelay] = r.Metrics[MetricNames.StartDelay] with { Count = probes } } })] }
            : null!;

        var status = SaturationStatus.Of([series], 5);

        Assert.Equal(saturated, status.Saturated);
        Assert.Equal(saturated ? 7.3 : 1.25, status.PeakLagP99Ms);
    }

    [Fact]
    public void NoRoundPastTheThreshold_NotSaturated_AndTheSentenceSaysTheWorst()
    {
        var status = SaturationStatus.Of([InRounds("sse", "c100", 1.25, 1, 4.9, 1)], 5);

        Assert.False(status.Saturated);
        Assert.Equal("scheduling lag p99 at most 4.9 ms (sse c100, round 2 of 3), within 5 ms", status.Describe());
    }

    [Fact]
    public void ASeriesInOneBlock_IsItsOwnPeak()
    {
        var status = SaturationStatus.Of([InBlock("sse", "c10", 1), InBlock("ws", "c100", 6)], 5);

        Assert.True(status.Saturated);
        Assert.Equal("scheduling lag p99 6 ms > 5 ms in ws c100", status.Describe());
    }

    [Fact]
    public void AnAgentsPeak_CountsInTheMerge()
    {
        var agent = SaturationStatus.Of([InRounds("sse", "c100", 2, 1, 9, 1)], 5);

        var merged = SaturationStatus.Of([InBlock("sse", "c100", 3)], 5, [agent]);

        Assert.True(merged.Saturated);
        Assert.Equal(9, merged.PeakLagP99Ms);
        Assert.Equal(3, merged.LagP99Ms);
    }

    [Fact]
    public void ASeriesWithoutProbeSamples_TakesTheRunsStatus()
    {
        var run = new SaturationStatus { LagP99Ms = 12, ThresholdMs = 5, Saturated = true };

        Assert.Same(run, SaturationStatus.Of(new SeriesResult { Transport = "sse", LoadPoint = "c1" }, run));
        Assert.False(SaturationStatus.Of(InBlock("sse", "c1", 1), run).Saturated);
    }

    [Fact]
    public void TheSeriesRoundsMerge_SaturatesOnARound_ThoughTheRoundsTogetherAreUnder()
    {
        // Round 2: 20 of 1000 probes 7.3 ms late (its p99); the rounds together: 20 of 3000 (p99 1 ms).
        var rounds = new[] { 0, 20, 0 }.Select(late => Round("sse", "c100", late)).ToList();

        var merged = SeriesRounds.Merge(rounds, planned: 3);

        Assert.True(merged.Saturation.Saturated);
        Assert.Equal(2, merged.Saturation.Peak!.Round);
        Assert.InRange(merged.Saturation.LagP99Ms, 0.9, 1.1);
        Assert.StartsWith("scheduling lag p99 7.3 ms > 5 ms in sse c100, round 2 of 3; 1 ms over its 3 rounds", merged.Saturation.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void ResultsFromBeforeThePeak_StillRead_AndDoNotContradictThemselves()
    {
        // Written when a saturated round and the series' lower lag taken together shared one line.
        var old = JsonSerializer.Deserialize<SaturationStatus>("""{"lagP99Ms":1.2,"thresholdMs":5,"saturated":true}""", ResultsDirectory.JsonOptions)!;

        Assert.Null(old.Peak);
        Assert.Equal(1.2, old.PeakLagP99Ms);
        Assert.Equal("scheduling lag p99 over 5 ms in part of the run (these results do not say where); 1.2 ms taken together", old.Describe());
        Assert.Equal("scheduling lag p99 7 ms > 5 ms", (old with { LagP99Ms = 7 }).Describe());
    }

    [Fact]
    public void ThePeak_IsWrittenAndReadBack()
    {
        var status = SaturationStatus.Of([InRounds("sse", "c100", 1.25, 1, 7.3, 1)], 5);

        string json = JsonSerializer.Serialize(status, ResultsDirectory.JsonOptions);

        Assert.Contains("\"peak\": {", json, StringComparison.Ordinal);
        Assert.DoesNotContain("peakLagP99Ms", json, StringComparison.Ordinal);
        Assert.Equal(status, JsonSerializer.Deserialize<SaturationStatus>(json, ResultsDirectory.JsonOptions));
    }

    private static SeriesResult InBlock(string transport, string loadPoint, double lagP99Ms) =>
        new() { Transport = transport, LoadPoint = loadPoint, Metrics = new() { [MetricNames.StartDelay] = Lag(lagP99Ms) } };

    private static SeriesResult InRounds(string transport, string loadPoint, double togetherMs, params double[] roundsMs) =>
        InBlock(transport, loadPoint, togetherMs) with
        {
            Rounds = [.. roundsMs.Select((lag, i) => new RoundResult { Round = i + 1, Metrics = new() { [MetricNames.StartDelay] = Lag(lag) } })],
        };

    private static MetricSummary Lag(double p99Ms) => new() { Count = 1000, P50 = p99Ms / 4, P99 = p99Ms };

    private static LoadSeriesRun Round(string transport, string loadPoint, int late)
    {
        var histograms = new HistogramSet();
        var lag = histograms.Get(transport, loadPoint, MetricNames.StartDelay);
        for (int i = 0; i < 1000; i++)
        {
            HistogramSet.Record(lag, TimeSpan.FromMilliseconds(i < late ? 7.3 : 1));
        }

        var series = new SeriesResult { Transport = transport, LoadPoint = loadPoint, Metrics = histograms.SummariesOf(transport, loadPoint) };
        return new LoadSeriesRun { Series = series, Histograms = histograms, TimeSeries = [], Requests = [], Saturation = SaturationStatus.Of([series], 5) };
    }
}
