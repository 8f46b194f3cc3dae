using Harness.Clients;
using Harness.Load.Overhead;

namespace Harness.Load.Tests.Overhead;

/// <summary>
/// Each side of an overhead run judges its successful answers, streamed or held back and sent at
/// once (a buffering relay), and keeps the judgement with each pair so a saved run counts the same.
/// </summary>
public sealed class OverheadSideTests
{
    // Ten tokens 20 ms apart from 20 ms: streamed. Ten within 0.1 ms at 200 ms: held back and sent at once.
    private static RequestTimeline Streamed() => SyntheticTimeline.Ok(20, 20, 10);

    private static RequestTimeline HeldBack() => SyntheticTimeline.Ok(200, 0.01, 10);

    [Fact]
    public void SuccessfulAnswers_AreJudgedPerSide_FailedAndTooShortOnesAreNot()
    {
        var samples = new OverheadSamples(Transport.Sse, "c2", cold: false);
        for (int i = 0; i < 3; i++)
        {
            samples.Record(Streamed(), HeldBack(), viaFirst: i % 2 == 0);
        }

        samples.Record(SyntheticTimeline.Ok(10, 10, 3), SyntheticTimeline.Ok(10, 10, 3), viaFirst: false); // too short to judge
        samples.Record(Streamed(), SyntheticTimeline.Failed(), viaFirst: true); // a failure is no answer

        Assert.Equal(4, samples.Direct.JudgedStreams);
        Assert.Equal(0, samples.Direct.BufferedStreams);
        Assert.False(samples.Direct.MostlyBuffered);
        Assert.Equal(3, samples.Via.JudgedStreams);
        Assert.Equal(3, samples.Via.BufferedStreams);
        Assert.True(samples.Via.MostlyBuffered);
        var pairs = samples.PairRecords;
        Assert.Equal([true, true, true, null, true], pairs.Select(p => p.DirectStreamed));
        Assert.Equal([false, false, false, null, null], pairs.Select(p => p.ViaStreamed));

        // Restored from its pairs, a saved run counts the same; pairs saved before answers were judged count none.
        var restored = Restore(pairs);
        Assert.Equal((4L, 0L, 3L, 3L), (restored.Direct.JudgedStreams, restored.Direct.BufferedStreams, restored.Via.JudgedStreams, restored.Via.BufferedStreams));
        var earlier = Restore([.. pairs.Select(p => p with { DirectStreamed = null, ViaStreamed = null })]);
        Assert.Equal((0L, 0L, 0L, 0L), (earlier.Direct.JudgedStreams, earlier.Direct.BufferedStreams, earlier.Via.JudgedStreams, earlier.Via.BufferedStreams));
        Assert.False(earlier.Via.MostlyBuffered);
    }

    private static OverheadSamples Restore(IReadOnlyList<OverheadPair> pairs) => OverheadSamples.Restore(
        Transport.Sse, "c2", cold: false, pairs, (_, _) => null, TimeSpan.FromSeconds(1), partial: false, skippedPairs: 0, pauses: null, pairsDelayed: 0, resolution: null);
}
