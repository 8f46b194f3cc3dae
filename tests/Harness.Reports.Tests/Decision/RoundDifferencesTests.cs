using Harness.Load.Results;
using Harness.Reports.Decision;

namespace Harness.Reports.Tests.Decision;

public sealed class RoundDifferencesTests
{
    private static List<RoundResult> Rounds(params double[] ttftP50) =>
        [.. ttftP50.Select((v, i) => new RoundResult { Round = i + 1, Metrics = new() { [MetricNames.Ttft] = new MetricSummary { Count = 100, P50 = v } } })];

    [Fact]
    public void SteadyDifference_HoldsWithItsTInterval()
    {
        var d = RoundDifferences.Of(Rounds(100, 100, 100), Rounds(101.4, 101.6, 101.5), MetricNames.Ttft, 50)!;

        Assert.Equal([1.4, 1.6, 1.5], d.ByRoundMs.Select(v => Math.Round(v, 6)));
        Assert.Equal(1.5, d.MeanMs, 6);
        // sd 0.1, t(0.975, 2) = 4.303: 1.5 ± 0.248.
        Assert.Equal(1.5 - (4.303 * 0.1 / Math.Sqrt(3)), d.LowMs!.Value, 6);
        Assert.True(d.Held);
    }

    [Fact]
    public void PositiveInEveryRound_ButTooSpread_DoesNotHold()
    {
        // 1, 2, 3: mean 2, sd 1, so the interval is 2 ± 2.48 and reaches below 0.
        var d = RoundDifferences.Of(Rounds(100, 100, 100), Rounds(101, 102, 103), MetricNames.Ttft, 50)!;

        Assert.True(d.ByRoundMs.All(v => v > 0));
        Assert.True(d.LowMs < 0, $"low {d.LowMs}");
        Assert.False(d.Held);
    }

    [Fact]
    public void OneRoundTheOtherWay_DoesNotHold_WhateverTheMean()
    {
        var d = RoundDifferences.Of(Rounds(100, 100, 100, 100, 100), Rounds(105, 105, 105, 105, 99.9), MetricNames.Ttft, 50)!;

        Assert.True(d.LowMs > 0, $"low {d.LowMs}");
        Assert.False(d.Held);
    }

    [Fact]
    public void WithoutRounds_OrWithoutTwoInCommon_NothingOrNotHeld()
    {
        Assert.Null(RoundDifferences.Of(null, Rounds(101, 102), MetricNames.Ttft, 50));
        var unkept = RoundDifferences.Of(Rounds(100, 100), Rounds(101, 102), MetricNames.Ttft, 95.5)!; // p95.5 is not kept per round
        Assert.Empty(unkept.ByRoundMs);
        Assert.False(unkept.Held);

        var one = RoundDifferences.Of(Rounds(100, 100), Rounds(103), MetricNames.Ttft, 50)!;
        Assert.Equal([3.0], one.ByRoundMs);
        Assert.False(one.Held);
        Assert.Null(one.LowMs);
    }
}
