using System.Diagnostics;
using Harness.Load.Results;
using Harness.Load.Scheduling;

namespace Harness.Load.Tests.Scheduling;

public class RuntimePauseLogTests
{
    private static readonly long s_ms = Stopwatch.Frequency / 1000;

    [Fact]
    public void A_forced_collection_is_logged_inside_the_call_that_made_it()
    {
        var log = RuntimePauseLog.Instance;
        Thread.Sleep(50); // the listener's session is running
        long before = Stopwatch.GetTimestamp();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        long after = Stopwatch.GetTimestamp();

        var summary = Assert.IsType<HarnessPauses>(log.Summarize(before, after, []));

        Assert.True(summary.Collections >= 1, $"{summary.Collections} collections logged in a forced collection's call");
        // The event timestamps come back through UTC; allow a millisecond for the two clocks.
        Assert.Contains(log.Between(before, after), p => p.Generation == 2 && p.Start >= before - s_ms && p.Start <= p.End && p.End <= after + s_ms);
        Assert.True(summary.MaxMs > 0 && summary.TotalMs >= summary.MaxMs * 0.99, $"max {summary.MaxMs} ms, total {summary.TotalMs} ms");
    }

    [Fact]
    public void Requests_a_pause_met_on_their_way_out_or_back_count_as_delayed_and_one_in_the_servers_think_time_does_not()
    {
        long ms = s_ms, ps = 1_000 * ms, pe = ps + (30 * ms); // one 30 ms pause
        List<HarnessPause> pauses = [new(ps, pe, 0)];
        RequestSample[] samples =
        [
            new(ps - (100 * ms), ps - (99 * ms), pe + (2 * ms)), // first token read 2 ms after the pause
            new(ps - ms, ps - (ms / 2), pe + (100 * ms)),        // delivered just before it: the server may not have read it
            new(ps - (50 * ms), ps - (40 * ms), pe + (50 * ms)), // the pause fell in the server's think time
            new(pe + ms, pe + (2 * ms), pe + (101 * ms)),        // after it
            new(ps - (200 * ms), ps - (199 * ms), ps - (100 * ms)), // before it
        ];

        var summary = RuntimePauseLog.Summarize(pauses, 0, 2_000 * ms, samples, machineProbed: false);

        Assert.Equal((1L, 1L, 30.0, 30.0), (summary.Count, summary.Collections, summary.MaxMs, summary.TotalMs));
        Assert.Equal((5L, 2L), (summary.TtftMeasured, summary.TtftDelayed));
        Assert.NotNull(summary.TtftUndelayed);
        Assert.Equal(3, summary.TtftUndelayed!.Count);
        Assert.Equal(130, summary.TtftUndelayed.Max, 0.2); // the think-time one: 50 + 30 + 50 ms
    }

    [Fact]
    public void A_pause_near_a_requests_end_or_on_its_way_out_delays_its_e2e_and_one_mid_stream_does_not()
    {
        long ms = s_ms, ps = 1_000 * ms, pe = ps + (30 * ms); // one 30 ms pause
        List<HarnessPause> pauses = [new(ps, pe, 0)];
        RequestSample[] samples =
        [
            new(ps - (900 * ms), ps - (899 * ms), ps - (800 * ms), pe + (2 * ms)),    // its last token read 2 ms after the pause
            new(ps - (500 * ms), ps - (499 * ms), ps - (400 * ms), pe + (500 * ms)),  // the pause held back a token mid-stream
            new(ps - ms, ps - (ms / 2), pe + (100 * ms), pe + (1_000 * ms)),          // delivered just before it
            new(pe + ms, pe + (2 * ms), pe + (101 * ms), pe + (1_001 * ms)),          // after it
            new(ps - (200 * ms), ps - (199 * ms), 0, ps - (100 * ms)),                // no first token: judged for e2e only
            new(ps - (300 * ms), ps - (299 * ms), ps - (200 * ms)),                   // end not judged (a stream's or a pair's)
        ];

        var summary = RuntimePauseLog.Summarize(pauses, 0, 3_000 * ms, samples, machineProbed: false);

        Assert.Equal((5L, 2L), (summary.E2eMeasured, summary.E2eDelayed));
        Assert.Equal((5L, 1L), (summary.TtftMeasured, summary.TtftDelayed));
        Assert.Equal(3, summary.E2eUndelayed!.Count);
        Assert.Equal(1_030, summary.E2eUndelayed.Max, 0.5); // the mid-stream one: 500 + 30 + 500 ms
    }

    [Fact]
    public void Headers_and_first_events_are_judged_at_their_own_moments()
    {
        long ms = s_ms, ps = 1_000 * ms, pe = ps + (30 * ms); // one 30 ms pause
        List<HarnessPause> pauses = [new(ps, pe, 0)];
        RequestSample[] samples =
        [
            // Headers read 2 ms after the pause: on the way to the server, so every moment counts.
            new(ps - (100 * ms), pe + (2 * ms), pe + (200 * ms), pe + (400 * ms), Headers: pe + (2 * ms), FirstChunk: pe + (150 * ms)),
            // Headers long before it, the first event read 2 ms after it, the first token later still.
            new(ps - (100 * ms), ps - (90 * ms), pe + (100 * ms), pe + (300 * ms), Headers: ps - (90 * ms), FirstChunk: pe + (2 * ms)),
            new(pe + (10 * ms), pe + (11 * ms), pe + (101 * ms), pe + (200 * ms), Headers: pe + (11 * ms), FirstChunk: pe + (50 * ms)), // well after it
            new(ps - (300 * ms), ps - (299 * ms), ps - (200 * ms)), // end not judged: nor its headers and first event
        ];

        var summary = RuntimePauseLog.Summarize(pauses, 0, 3_000 * ms, samples, machineProbed: false);

        Assert.Equal((3L, 1L), (summary.TtfbMeasured, summary.TtfbDelayed));
        Assert.Equal((3L, 2L), (summary.TtfcMeasured, summary.TtfcDelayed));
        Assert.Equal((4L, 1L), (summary.TtftMeasured, summary.TtftDelayed));
        Assert.Equal(2, summary.TtfbUndelayed!.Count);
        Assert.Equal(10, summary.TtfbUndelayed.Max, 0.1); // the second's headers, 10 ms after its start
        Assert.Equal(1, summary.TtfcUndelayed!.Count);
        Assert.Equal(40, summary.TtfcUndelayed.Max, 0.1);
        var rounds = HarnessPauses.Merge([summary, summary])!; // two rounds alike: counts add, the undelayed recomputed
        Assert.Equal((6L, 2L, 6L, 4L), (rounds.TtfbMeasured, rounds.TtfbDelayed, rounds.TtfcMeasured, rounds.TtfcDelayed));
        Assert.Equal((4L, 2L), (rounds.TtfbUndelayed!.Count, rounds.TtfcUndelayed!.Count));
    }

    [Fact]
    public void A_pause_just_before_the_end_lengthens_tpot_and_one_on_the_way_out_or_before_the_first_token_does_not()
    {
        long ms = s_ms, ps = 1_000 * ms, pe = ps + (30 * ms); // one 30 ms pause
        List<HarnessPause> pauses = [new(ps, pe, 0)];
        var tpot = TimeSpan.FromMilliseconds(20);
        RequestSample[] samples =
        [
            new(ps - (900 * ms), ps - (899 * ms), ps - (800 * ms), pe + (2 * ms), Tpot: tpot),     // its end read 2 ms after the pause
            new(ps - ms, ps - (ms / 2), pe + (100 * ms), pe + (1_000 * ms), Tpot: tpot),           // on its way out: moves both ends alike
            new(ps - (100 * ms), ps - (99 * ms), pe + (2 * ms), pe + (500 * ms), Tpot: tpot),      // first token read just after: shorter, not longer
            new(pe + ms, pe + (2 * ms), pe + (101 * ms), pe + (1_001 * ms), Tpot: tpot * 2),       // after it
            new(ps - (200 * ms), ps - (199 * ms), ps - (150 * ms), ps - (100 * ms)),               // one token: no TPOT
        ];

        var summary = RuntimePauseLog.Summarize(pauses, 0, 3_000 * ms, samples, machineProbed: false);

        Assert.Equal((4L, 1L), (summary.TpotMeasured, summary.TpotDelayed));
        Assert.Equal(3, summary.TpotUndelayed!.Count);
        Assert.Equal(40, summary.TpotUndelayed.Max, 0.1);
        Assert.Equal(summary.TpotUndelayed.P50, summary.UndelayedAt(MetricNames.Tpot, 50));
        var rounds = HarnessPauses.Merge([summary, summary])!;
        Assert.Equal((8L, 2L, 6L), (rounds.TpotMeasured, rounds.TpotDelayed, rounds.TpotUndelayed!.Count));
    }

    [Fact]
    public void A_pause_during_a_connect_or_its_handshake_may_have_lengthened_it()
    {
        long ms = s_ms, ps = 1_000 * ms, pe = ps + (30 * ms); // one 30 ms pause
        List<HarnessPause> pauses = [new(ps, pe, 0)];
        TimeSpan Ms(double v) => TimeSpan.FromMilliseconds(v);
        ConnectSample[] connects =
        [
            new(ps - (10 * ms), Ms(50), Ms(5)),  // the pause fell in its TCP connect, before the handshake (from 35 ms in)
            new(ps - (20 * ms), Ms(60), Ms(15)), // in its handshake too (the last 15 ms, from 25 ms after the pause began)
            new(pe + ms, Ms(1), TimeSpan.Zero),  // after it, plain
            new(ps - (5 * ms), Ms(2), Ms(1)),    // over before it
        ];

        var summary = RuntimePauseLog.Summarize(pauses, 0, 3_000 * ms, [], machineProbed: false, connects);

        Assert.Equal((4L, 2L), (summary.ConnectMeasured, summary.ConnectDelayed));
        Assert.Equal((3L, 1L), (summary.TlsMeasured, summary.TlsDelayed));
        Assert.Equal(2, summary.ConnectUndelayed!.Count);
        Assert.Equal(2, summary.ConnectUndelayed.Max, 0.01);
        Assert.Equal(2, summary.TlsUndelayed!.Count);
        Assert.Equal(5, summary.TlsUndelayed.Max, 0.01);
        var rounds = HarnessPauses.Merge([summary, summary])!;
        Assert.Equal((8L, 4L, 6L, 2L), (rounds.ConnectMeasured, rounds.ConnectDelayed, rounds.TlsMeasured, rounds.TlsDelayed));
    }

    [Fact]
    public void Without_a_delayed_request_there_is_no_second_summary_and_paused_time_is_clipped_to_the_window()
    {
        long ms = s_ms;
        List<HarnessPause> pauses = [new(90 * ms, 110 * ms, 1), new(500 * ms, 505 * ms, -1)];

        var summary = RuntimePauseLog.Summarize(pauses, 100 * ms, 1_000 * ms, [new(200 * ms, 201 * ms, 300 * ms)], machineProbed: false);

        Assert.Equal((2L, 1L, 0L), (summary.Count, summary.Collections, summary.TtftDelayed));
        Assert.Equal(15.0, summary.TotalMs, 6);
        Assert.Equal(20.0, summary.MaxMs, 6);
        Assert.Null(summary.TtftUndelayed);
        Assert.Equal((null, null), (summary.MachineCount, summary.MachineMaxMs)); // not probed: unknown
    }

    [Fact]
    public void The_machines_pauses_count_beside_the_runtimes_except_a_late_wake_up_a_suspension_explains()
    {
        long ms = s_ms;
        List<HarnessPause> runtime = [new(100 * ms, 130 * ms, 0)];
        List<HarnessPause> machine =
        [
            new(95 * ms, 131 * ms, HarnessPause.Machine),  // the probe woke into the collection: the runtime's
            new(400 * ms, 425 * ms, HarnessPause.Machine), // nothing of the runtime's there: the machine's
            new(50 * ms, 53 * ms, HarnessPause.Machine),
        ];

        var pauses = RuntimePauseLog.Combine(runtime, machine);
        RequestSample[] samples =
        [
            new(390 * ms, 398 * ms, 600 * ms), // just delivered when the machine stood still
            new(700 * ms, 701 * ms, 800 * ms), // clear
        ];
        var summary = RuntimePauseLog.Summarize(pauses, 0, 1_000 * ms, samples, machineProbed: true);

        Assert.Equal([50 * ms, 100 * ms, 400 * ms], pauses.Select(p => p.Start));
        Assert.Equal((3L, 1L, 2L), (summary.Count, summary.Collections, summary.MachineCount));
        Assert.Equal(25.0, summary.MachineMaxMs!.Value, 6);
        Assert.Equal(30.0, summary.MaxMs, 6);
        Assert.Equal(58.0, summary.TotalMs, 6);
        Assert.Equal(1L, summary.TtftDelayed);
    }

    [Fact]
    public void Probed_without_a_pause_of_the_machines_says_none_rather_than_unknown()
    {
        var summary = RuntimePauseLog.Summarize([new(100, 200, 0)], 0, 1_000, [], machineProbed: true);

        Assert.Equal((0L, 0.0), (summary.MachineCount, summary.MachineMaxMs));
    }

    [Fact]
    public void One_requests_pauses_say_whether_one_may_have_delayed_its_first_token()
    {
        _ = RuntimePauseLog.Instance;
        Thread.Sleep(50);
        long origin = Stopwatch.GetTimestamp();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        long firstToken = Stopwatch.GetTimestamp(); // read as the collection ended
        Thread.Sleep(20);
        long end = Stopwatch.GetTimestamp();
        var timeline = new Harness.Clients.RequestTimeline { ActualStart = origin, ResponseHeaders = origin, FirstToken = firstToken, End = end };

        var during = Assert.IsType<HarnessPauses>(ReadLagMonitor.PausesDuring(timeline));
        long later0 = end + (10_000 * s_ms); // not yet come: nothing can have been logged there
        var later = Assert.IsType<HarnessPauses>(ReadLagMonitor.PausesDuring(new Harness.Clients.RequestTimeline { ActualStart = later0, ResponseHeaders = later0, FirstToken = later0 + s_ms, End = later0 + (2 * s_ms) }));

        Assert.True(during.Collections >= 1, $"{during.Collections} collections logged");
        Assert.Equal((1L, 1L), (during.TtftMeasured, during.TtftDelayed));
        Assert.Equal((0L, 1L, 0L), (later.Count, later.TtftMeasured, later.TtftDelayed));
    }

    [Fact]
    public void Without_the_events_of_collections_the_runtime_counted_the_pauses_are_unknown_not_absent()
    {
        var log = RuntimePauseLog.Instance;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);

        Assert.True(log.CaughtUpWith(GC.CollectionCount(0), TimeSpan.FromSeconds(5)), "the forced collection's events came");
        Assert.False(log.CaughtUpWith(GC.CollectionCount(0) + 1_000, TimeSpan.FromMilliseconds(50)), "a thousand collections no one made");
    }

    [Fact]
    public void Overlap_is_judged_by_the_pause_ends()
    {
        List<HarnessPause> pauses = [new(100, 110, 0), new(200, 230, 1)];

        Assert.False(RuntimePauseLog.Overlaps(pauses, 0, 99));
        Assert.True(RuntimePauseLog.Overlaps(pauses, 0, 100));
        Assert.True(RuntimePauseLog.Overlaps(pauses, 105, 106));
        Assert.True(RuntimePauseLog.Overlaps(pauses, 110, 150));
        Assert.False(RuntimePauseLog.Overlaps(pauses, 111, 199));
        Assert.True(RuntimePauseLog.Overlaps(pauses, 150, 400));
        Assert.False(RuntimePauseLog.Overlaps(pauses, 231, 400));
        Assert.False(RuntimePauseLog.Overlaps([], 0, 400));
        Assert.False(RuntimePauseLog.Overlaps(pauses, 120, 100));
    }
}
