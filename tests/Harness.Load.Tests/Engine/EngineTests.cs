using System.Diagnostics;
using Harness.Clients;
using Harness.Load.Results;
using Harness.Load.Simulations;

namespace Harness.Load.Tests.Engine;

public class EngineTests
{
    private static readonly TimeSpan s_second = TimeSpan.FromSeconds(1);

    private static MetricSummary Metric(LoadSeriesRun run, string name) =>
        run.Series.Metrics.TryGetValue(name, out var m) ? m : throw new Xunit.Sdk.XunitException($"no metric {name}: {string.Join(", ", run.Series.Metrics.Keys)}");

    [Fact]
    public async Task Open_model_shows_a_stall_that_the_uncorrected_figure_hides()
    {
        // wrk2's setting: 2 connections (MaxInFlight), 100 req/s, and the server stalls 0.8 s.
        var server = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Tokens = 1 };
        var scenario = new LoadScenario
        {
            Profile = new LoadProfile([new Inject(100, s_second, TimeSpan.FromSeconds(4))]),
            MaxInFlight = 2,
        };
        long start = Stopwatch.GetTimestamp();
        server.Stall = (start + Stopwatch.Frequency, start + (Stopwatch.Frequency * 18 / 10));
        var run = await LoadEngine.RunAsync(scenario, server);

        Assert.Equal(400, run.Series.Requests);
        Assert.Equal(400, run.Series.Outcomes["ok"]);
        var corrected = Metric(run, MetricNames.Ttft);
        var uncorrected = Metric(run, MetricNames.Ttft + MetricNames.UncorrectedSuffix);
        Assert.True(corrected.P99 >= 300, $"corrected p99 {corrected.P99} ms should show the 800 ms stall");
        Assert.True(corrected.P99 > 10 * uncorrected.P99, $"corrected p99 {corrected.P99} ms vs uncorrected {uncorrected.P99} ms");
        Assert.True(run.Series.LateSends >= 40, $"late sends {run.Series.LateSends}");
    }

    [Fact]
    public async Task Closed_model_sends_less_during_a_stall_and_hides_it()
    {
        var server = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Tokens = 1 };
        var scenario = new LoadScenario { Profile = new LoadProfile([new KeepConstant(2, TimeSpan.FromSeconds(3))]) };
        long start = Stopwatch.GetTimestamp();
        server.Stall = (start + Stopwatch.Frequency, start + (Stopwatch.Frequency * 18 / 10));
        var run = await LoadEngine.RunAsync(scenario, server);

        var seconds = run.TimeSeries.ToDictionary(r => r.Second);
        // Second 1 holds the stall (0.8 s of it): the copies wait, so far fewer requests start than in second 0 or 2.
        // (Compared with the busier of the seconds around it: a loaded machine can slow either one.)
        Assert.True(seconds[1].Started * 2 < Math.Max(seconds[0].Started, seconds[2].Started), $"started/s: {seconds[0].Started}, {seconds[1].Started}, {seconds[2].Started}");
        // Only the requests caught in flight saw the stall: at most 2 per copy, however few requests
        // a slow machine got through (so not "p99 < 300 ms", which depends on that count).
        var ttft = Metric(run, MetricNames.Ttft);
        Assert.True(ttft.Max >= 500, $"max {ttft.Max}");
        int stalled = run.Requests.Count(r => r.TtftMs >= 300);
        Assert.InRange(stalled, 1, 4);
        Assert.True(run.Series.Requests > 10 * stalled, $"{stalled} stalled of {run.Series.Requests}: the closed model kept sending the rest");
        Assert.Null(run.Series.RatePerSecond);
        Assert.Equal(2, run.Series.Concurrency);
        Assert.False(run.Series.Metrics.ContainsKey(MetricNames.Ttft + MetricNames.UncorrectedSuffix));
    }

    [Fact]
    public async Task A_starved_client_marks_the_run_saturated()
    {
        // Each request blocks its pool thread 50 ms before its first await: 400/s needs 20 threads, far
        // above the test pool's minimum of 8, so the pool cannot pick requests up on time and the
        // engine must say so.
        var server = new SimulatedServer { BlockCaller = TimeSpan.FromMilliseconds(50), Ttft = TimeSpan.FromMilliseconds(1), Tokens = 1 };
        var scenario = new LoadScenario { Profile = new LoadProfile([new Inject(400, s_second, TimeSpan.FromSeconds(1.5))]) };
        var run = await LoadEngine.RunAsync(scenario, server);
        Assert.True(run.Saturation.Saturated, $"lag p99 {run.Saturation.LagP99Ms} ms");
        Assert.True(run.Saturation.LagP99Ms > run.Saturation.ThresholdMs);
        Assert.Equal(600, run.Series.Requests);
    }

    [Fact]
    public async Task A_starved_pool_marks_a_closed_run_saturated()
    {
        // 128 copies whose client blocks its pool thread 50 ms per request: the lag probe waits behind
        // them (more copies than an earlier test may have grown the pool to).
        var server = new SimulatedServer { BlockCaller = TimeSpan.FromMilliseconds(50), Ttft = TimeSpan.FromMilliseconds(1), Tokens = 1 };
        var scenario = new LoadScenario { Profile = new LoadProfile([new KeepConstant(128, TimeSpan.FromSeconds(1.5))]) };
        var run = await LoadEngine.RunAsync(scenario, server);
        Assert.True(run.Saturation.Saturated, $"lag p99 {run.Saturation.LagP99Ms} ms");
        Assert.True(Metric(run, MetricNames.StartDelay).Count >= 1);
    }

    [Fact]
    public async Task A_light_run_is_not_saturated_and_stops_at_the_request_cap()
    {
        var server = new SimulatedServer();
        var scenario = new LoadScenario
        {
            Profile = new LoadProfile([new Inject(50, s_second, TimeSpan.FromSeconds(30))]),
            MaxRequests = 40,
            WarmUp = TimeSpan.FromMilliseconds(200),
        };
        var sw = Stopwatch.StartNew();
        var run = await LoadEngine.RunAsync(scenario, server);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), "the cap must stop a 30 s profile early");
        Assert.Equal(40, run.Series.Requests);
        Assert.Equal(40 + 10, server.Calls); // 10 warm-up requests at 50/s for 200 ms are not recorded
        // Whether a light run saturates depends on what else loads these 2 cores; the flag must agree with the lag.
        Assert.Equal(run.Saturation.LagP99Ms > run.Saturation.ThresholdMs, run.Saturation.Saturated);
        Assert.Equal(40, Metric(run, MetricNames.StartDelay).Count);
        Assert.True(Metric(run, MetricNames.ReadDelay).Count >= 10, "the read-lag probe samples every 5 ms of the measured window");
        Assert.Equal(40, Metric(run, MetricNames.Ttft).Count);
        Assert.Equal(80, Metric(run, MetricNames.Itl).Count); // 3 tokens → 2 gaps each
        Assert.Equal(40, run.Requests.Count);
        // Every TTFT sample is judged against the process's pauses in the window.
        var pauses = Assert.IsType<HarnessPauses>(run.Series.HarnessPauses);
        Assert.Equal(40, pauses.TtftMeasured);
        Assert.InRange(pauses.TtftDelayed, 0, 40);
        Assert.Equal(pauses.TtftDelayed is 0 or 40 ? null : 40 - pauses.TtftDelayed, pauses.TtftUndelayed?.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_timeline_is_given_back_once_recorded_warm_up_ones_too(bool closed)
    {
        var server = new SimulatedServer { KeepTimelines = true, Ttft = TimeSpan.FromMilliseconds(2), Itl = TimeSpan.FromMilliseconds(2) };
        var scenario = new LoadScenario
        {
            Profile = new LoadProfile([closed ? new KeepConstant(4, s_second) : new Inject(100, s_second, s_second)]),
            WarmUp = TimeSpan.FromMilliseconds(200),
        };
        var run = await LoadEngine.RunAsync(scenario, server);

        // Recorded first: each measured request's two gaps are in the ITL figure.
        Assert.Equal(2 * run.Series.Requests, Metric(run, MetricNames.Itl).Count);
        Assert.True(server.Returned.Count > run.Series.Requests, $"{server.Returned.Count} returned, {run.Series.Requests} measured: the warm-up's are there too");
        Assert.All(server.Returned, t => Assert.Throws<ObjectDisposedException>(() => t.ContentArrivals.Length));
    }

    [Fact]
    public async Task The_window_observer_hears_the_end_of_warm_up_and_annotates_the_series()
    {
        var server = new SimulatedServer();
        var scenario = new LoadScenario
        {
            Profile = new LoadProfile([new KeepConstant(2, TimeSpan.FromMilliseconds(500))]),
            WarmUp = TimeSpan.FromMilliseconds(300),
        };
        var observer = new RecordingObserver();
        long start = Stopwatch.GetTimestamp();
        var run = await LoadEngine.RunAsync(scenario, server, new LoadRunOptions { WindowObserver = observer });

        Assert.Equal(1, observer.Started);
        Assert.Equal(1, observer.Ended);
        Assert.True(Stopwatch.GetElapsedTime(start, observer.StartedAt) >= TimeSpan.FromMilliseconds(300), "told before the warm-up ended");
        Assert.Equal(42, run.Series.FakeLateness?.Events);
    }

    private sealed class RecordingObserver : IMeasuredWindowObserver
    {
        public int Started { get; private set; }

        public int Ended { get; private set; }

        public long StartedAt { get; private set; }

        public void WindowStarted()
        {
            Started++;
            StartedAt = Stopwatch.GetTimestamp();
        }

        public SeriesResult WindowEnded(SeriesResult series)
        {
            Ended++;
            return series with { FakeLateness = new ServerLateness { Events = 42 } };
        }
    }

    [Theory]
    [InlineData(RequestOutcome.Cancelled)]
    [InlineData(RequestOutcome.WebSocketClosed)] // an embedded fake stopping with the process closes first
    public async Task Cancelling_returns_partial_results_over_the_time_run_with_requests_in_flight_stopped(RequestOutcome whenCancelled)
    {
        var server = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(50), OutcomeWhenCancelled = whenCancelled };
        var scenario = new LoadScenario { Profile = new LoadProfile([new KeepConstant(3, TimeSpan.FromSeconds(30))]) };
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
        var run = await LoadEngine.RunAsync(scenario, server, cancellationToken: cts.Token);
        Assert.True(run.Partial);
        Assert.True(run.Series.Requests > 0);
        Assert.Equal(run.Series.Requests, run.Series.Outcomes.Values.Sum());
        // The measured time is what ran before the interruption, not the 30 s planned.
        Assert.InRange(run.Series.DurationSeconds, 0.5, 10);
        // The 3 copies always have a request in flight: cut off by the harness, not failed by the server.
        Assert.InRange(run.Series.Outcomes.GetValueOrDefault("stopped"), 1, 3);
        Assert.False(run.Series.Outcomes.ContainsKey("cancelled"));
        Assert.Equal(0, run.Series.Errors);
    }
    [Fact]
    public async Task Requests_still_running_when_the_drain_timeout_passes_are_drain_timeouts_and_progress_says_it_waits()
    {
        // 5 s answers, a 300 ms window and a 1.5 s drain (progress ticks each second, so once within
        // it): the 2 copies' requests outlive the drain.
        var server = new SimulatedServer { Ttft = TimeSpan.FromSeconds(5), Tokens = 1 };
        var scenario = new LoadScenario { Profile = new LoadProfile([new KeepConstant(2, TimeSpan.FromMilliseconds(300))]), DrainTimeout = TimeSpan.FromMilliseconds(1500) };
        var progress = new List<LoadProgress>();
        var run = await LoadEngine.RunAsync(scenario, server, new LoadRunOptions { Progress = p => { lock (progress) { progress.Add(p); } } });

        Assert.False(run.Partial);
        Assert.Equal(2, run.Series.Outcomes.GetValueOrDefault("timeout"));
        Assert.False(run.Series.Outcomes.ContainsKey("cancelled"));
        Assert.Equal(2, run.Series.Errors);
        Assert.All(run.Requests, r => Assert.Equal(Harness.Clients.TimeoutPhase.Drain, r.TimeoutPhase));
        Assert.Equal(2, run.CancelledAtDrain);
        lock (progress)
        {
            Assert.Contains(progress, p => p.DrainLeft is not null && p.ToString().Contains("draining: 2 still running, waiting up to", StringComparison.Ordinal));
        }
    }
}
