using System.Diagnostics;
using System.Text.Json;
using Harness.Load.Results;
using Harness.Load.Scheduling;

namespace Harness.Load.Tests.Results;

public class HarnessPausesTests
{
    private static readonly long s_ms = Stopwatch.Frequency / 1000;

    // A window with one 30 ms pause that delays the first of its two requests, and a quiet one.
    private static (HarnessPauses Paused, HarnessPauses Quiet) Rounds()
    {
        long ms = s_ms, ps = 1_000 * ms, pe = ps + (30 * ms);
        var paused = RuntimePauseLog.Summarize([new(ps, pe, 0), new(pe + (500 * ms), pe + (512 * ms), HarnessPause.Machine)], 0, 2_000 * ms,
            [new(ps - (100 * ms), ps - (99 * ms), pe + (2 * ms), pe + (300 * ms)), new(pe + ms, pe + (2 * ms), pe + (101 * ms), pe + (513 * ms))], machineProbed: true);
        var quiet = RuntimePauseLog.Summarize([], 3_000 * ms, 4_000 * ms, [new(3_100 * ms, 3_101 * ms, 3_300 * ms, 3_700 * ms)], machineProbed: true);
        return (paused, quiet);
    }

    [Fact]
    public void Merge_OfRoundsInThisProcess_AddsTheUndelayedRequestsOfEveryRound()
    {
        var (paused, quiet) = Rounds();
        Assert.Null(quiet.TtftUndelayed); // nothing delayed there: no second summary of its own

        var merged = HarnessPauses.Merge([paused, quiet])!;

        Assert.Equal((3L, 1L), (merged.TtftMeasured, merged.TtftDelayed));
        Assert.Equal(2, merged.TtftUndelayed!.Count);
        Assert.Equal(200, merged.TtftUndelayed.Max, 0.3); // the quiet round's 200 ms request is in it
        Assert.Equal((1L, 12.0), (merged.MachineCount, Math.Round(merged.MachineMaxMs!.Value, 6)));
        // Ends alike: the second request's ended 1 ms after the machine's pause; the others' e2e added.
        Assert.Equal((3L, 1L), (merged.E2eMeasured, merged.E2eDelayed));
        Assert.Equal(2, merged.E2eUndelayed!.Count);
        Assert.Equal(600, merged.E2eUndelayed.Max, 0.5); // the quiet round's 600 ms request is in it
    }

    [Fact]
    public void Merge_WithAPartThatCouldNotProbeTheMachine_LeavesTheMachinesPausesUnknown()
    {
        var (paused, _) = Rounds();
        var unprobed = RuntimePauseLog.Summarize([], 0, 1_000 * s_ms, [], machineProbed: false);

        var merged = HarnessPauses.Merge([paused, unprobed])!;

        Assert.Equal((2L, null, null), (merged.Count, merged.MachineCount, merged.MachineMaxMs));
    }

    [Fact]
    public void Merge_OfPartsReadFromFiles_LeavesTheUndelayedSummaryOut()
    {
        var (paused, quiet) = Rounds();
        HarnessPauses? Reread(HarnessPauses p) => JsonSerializer.Deserialize<HarnessPauses>(JsonSerializer.Serialize(p));

        var merged = HarnessPauses.Merge([Reread(paused), Reread(quiet)])!;

        Assert.Equal((3L, 1L), (merged.TtftMeasured, merged.TtftDelayed));
        Assert.Null(merged.TtftUndelayed);
        Assert.Null(merged.E2eUndelayed);
    }

    [Fact]
    public void Spans_KeepEachPause_ThroughRoundsMergesAndFiles()
    {
        var (paused, quiet) = Rounds();
        HarnessPauses? Reread(HarnessPauses p) => JsonSerializer.Deserialize<HarnessPauses>(JsonSerializer.Serialize(p));

        var merged = Reread(HarnessPauses.Merge([paused, quiet])!)!;

        // The runtime's 30 ms pause, then the machine's 12 ms one 500 ms after it ended.
        Assert.Equal([30.0, 12.0], merged.Spans!.Select(p => Math.Round(p.Ms, 6)));
        Assert.Equal(530, Math.Round(merged.Spans![1].AtMs - merged.Spans[0].AtMs, 6));
        Assert.Equal(30, merged.MostPausedWithin(100), 6);
        Assert.Equal(42, merged.MostPausedWithin(600), 6);
        Assert.Null(HarnessPauses.Merge([paused, paused with { Spans = null }])!.Spans); // a part from before spans: unknown
    }
}
