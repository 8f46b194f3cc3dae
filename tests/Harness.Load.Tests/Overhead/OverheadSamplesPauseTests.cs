using System.Diagnostics;
using Harness.Clients;
using Harness.Load.Overhead;
using Harness.Load.Results;
using Harness.Load.Scheduling;

namespace Harness.Load.Tests.Overhead;

/// <summary>A pause of the harness marks each pair whose first token or end on either side it may have delayed.</summary>
public sealed class OverheadSamplesPauseTests
{
    [Fact]
    public void APauseAtEitherRequestsFirstTokenOrEnd_MarksThatPair_AndTheOthersAreJudgedWithoutIt()
    {
        var samples = new OverheadSamples(Transport.Sse, "c2", cold: false);
        var first = SyntheticTimeline.Ok(100, 10, 5); // ends 140 ms after its start
        samples.Record(first, SyntheticTimeline.Ok(60, 10, 5), viaFirst: false);
        samples.Record(SyntheticTimeline.Ok(60, 10, 5), SyntheticTimeline.Ok(139, 1, 2), viaFirst: true); // the relay's first token at 139 ms
        samples.Record(SyntheticTimeline.Ok(60, 10, 5), SyntheticTimeline.Ok(50, 10, 5), viaFirst: false); // everything over by 100 ms
        long At(double ms) => first.ActualStart + (long)(ms * Stopwatch.Frequency / 1000);

        samples.JudgePauses([new HarnessPause(At(138), At(139), 0)], first.ActualStart, At(1_000), machineProbed: false);

        Assert.Equal([true, true, false], samples.PairRecords.Select(p => p.Paused));
        Assert.Equal(2, samples.PairsDelayed);
        var (direct, via, differences) = samples.Unpaused(MetricNames.Ttft)!.Value;
        Assert.Equal((1L, 1L), (direct.TotalCount, via.TotalCount));
        Assert.Equal(-10, Assert.Single(differences), 3);
        Assert.Null(samples.Unpaused(MetricNames.Itl)); // no request's own times say which gap a pause widened
        // Between first token and end as the pause passed: the first direct request (100-140 ms) and
        // the second relayed one (139-140 ms); the others had ended by 100 ms.
        Assert.Equal(new PausedGapCounts(1, 1), samples.GapsWidened);
    }

    [Fact]
    public void EachPause_CountsTheStreamsItPassedOnEachSide()
    {
        var samples = new OverheadSamples(Transport.Sse, "c2", cold: false);
        var first = SyntheticTimeline.Ok(10, 10, 11); // tokens 10-110 ms
        samples.Record(first, SyntheticTimeline.Ok(10, 10, 11), viaFirst: false);
        samples.Record(SyntheticTimeline.Ok(60, 10, 2), SyntheticTimeline.Failed(), viaFirst: true); // direct 60-70 ms; no gaps through the relay
        long At(double ms) => first.ActualStart + (long)(ms * Stopwatch.Frequency / 1000);

        samples.JudgePauses([new HarnessPause(At(5), At(8), 0), new HarnessPause(At(64), At(65), 0), new HarnessPause(At(105), At(106), 2)], first.ActualStart, At(1_000), machineProbed: false);

        // Before any first token: none; at 64 ms: both direct streams and the relayed one; at 105 ms: one of each.
        Assert.Equal(new PausedGapCounts(3, 2), samples.GapsWidened);
    }

    [Fact]
    public void WithoutAPausedPair_NothingIsJudgedAgain()
    {
        var samples = new OverheadSamples(Transport.Sse, "c2", cold: false);
        samples.Record(SyntheticTimeline.Ok(60, 10, 5), SyntheticTimeline.Ok(50, 10, 5), viaFirst: false);

        samples.JudgePauses([], 0, long.MaxValue, machineProbed: false);

        Assert.Equal(0, samples.PairsDelayed);
        Assert.Null(samples.Unpaused(MetricNames.Ttft));
        Assert.Equal(new PausedGapCounts(0, 0), samples.GapsWidened);
    }
}
