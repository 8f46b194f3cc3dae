using Harness.Clients;
using Harness.Load.Results;
using Harness.Load.Simulations;
using Harness.Load.Tests.Engine;

namespace Harness.Load.Tests;

public class ComparisonRunnerTests
{
    private static ComparisonPlan Plan(int rounds, params int[] concurrencies) => new()
    {
        Transports = [Transport.Sse, Transport.SseHttp2, Transport.WebSocket],
        Concurrencies = concurrencies,
        Duration = TimeSpan.FromMilliseconds(600),
        WarmUp = TimeSpan.Zero,
        Rounds = rounds,
        Template = new LoadScenario
        {
            SaturationThreshold = TimeSpan.FromSeconds(30),
            Profile = new LoadProfile([new KeepConstant(1, TimeSpan.FromSeconds(1))]),
        },
    };

    [Fact]
    public async Task Rounds_RunInterleaved_ABC_CBA_AndJoinIntoOneSeriesPerTransport()
    {
        var server = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Itl = TimeSpan.FromMilliseconds(2), Tokens = 2 };

        var runs = await ComparisonRunner.RunAsync(Plan(2, 2), _ => server, new LoadRunOptions(), CancellationToken.None);

        Assert.Equal(["sse", "sse-h2", "ws"], runs.Select(r => r.Series.Transport));
        var starts = runs.SelectMany(r => r.Series.Rounds!.Select(round => (r.Series.Transport, round.Round, round.StartedUtc)))
            .OrderBy(b => b.StartedUtc).Select(b => $"{b.Transport}#{b.Round}");
        Assert.Equal(["sse#1", "sse-h2#1", "ws#1", "ws#2", "sse-h2#2", "sse#2"], starts);
        Assert.All(runs, run =>
        {
            var s = run.Series;
            Assert.False(run.Partial);
            Assert.Equal(2, s.Rounds!.Count);
            Assert.Equal(s.Rounds.Sum(r => r.Requests), s.Requests);
            Assert.Equal(0.6, s.DurationSeconds, 3);
            Assert.Equal(s.Rounds.Sum(r => r.Metrics[MetricNames.Ttft].Count), s.Metrics[MetricNames.Ttft].Count);
            Assert.Equal(s.Metrics[MetricNames.Ttft].Count, run.Histograms.Find(HistogramSet.TagOf(s.Transport, "c2", MetricNames.Ttft))!.TotalCount);
            // The rounds' rows follow one another: one row per second of the series, none twice.
            Assert.Equal(Enumerable.Range(0, run.TimeSeries.Count), run.TimeSeries.Select(r => r.Second));
            long started = run.TimeSeries.Sum(r => r.Started);
            Assert.True(started == s.Requests, $"{s.Transport}: the seconds' rows count {started} starts, the series {s.Requests}");
            // One row per request (two concurrent requests may start on the same clock tick, so rows
            // are counted, not told apart by their start).
            Assert.True(run.Requests.Count == s.Requests, $"{s.Transport}: {run.Requests.Count} request rows for {s.Requests} requests");
        });
        Assert.True(runs[0].Requests.Max(r => r.ActualStartMs) >= 1000, "the second round's request rows start after the first's seconds");
    }

    [Fact]
    public async Task ATransportWhoseEndpointCannotServe_RunsNoFurtherRoundsOrLoadPoints_TheOthersRunOn()
    {
        // sse's endpoint is a closed port (real loopback); the others answer.
        var server = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Tokens = 1 };
        IChatStreamClient Client(Transport t) => t == Transport.Sse
            ? ChatStreamClientFactory.Create(t, new ChatClientOptions { Endpoint = new Uri("http://127.0.0.1:9/v1"), Retry = RetryOptions.None })
            : server;

        var runs = await ComparisonRunner.RunAsync(Plan(3, 1, 2), Client, new LoadRunOptions(), CancellationToken.None);

        var sse = Assert.Single(runs, r => r.Series.Transport == "sse");
        Assert.Equal("c1", sse.Series.LoadPoint);
        Assert.Single(sse.Series.Rounds!);
        Assert.True(sse.Partial);
        Assert.Matches(@"^every one of the first (\d+) requests failed \(connect_error \1; first: connection refused \(127\.0\.0\.1:9\)\)$", sse.Series.StoppedBecause);
        Assert.All(runs.Where(r => r.Series.Transport != "sse"), r =>
        {
            Assert.Null(r.Series.StoppedBecause);
            Assert.Equal(3, r.Series.Rounds!.Count);
        });
        Assert.Equal(4, runs.Count(r => r.Series.Transport != "sse"));
    }

    [Fact]
    public async Task OneClientPerTransportAndLoadPoint_KeptAcrossItsRounds_DisposedAfterItsLast()
    {
        var server = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Tokens = 1 };
        var clients = new List<CountingClient>();

        var runs = await ComparisonRunner.RunAsync(Plan(3, 1, 2) with { Duration = TimeSpan.FromMilliseconds(300) }, t =>
        {
            var client = new CountingClient(server, t);
            clients.Add(client);
            return client;
        }, new LoadRunOptions(), CancellationToken.None);

        Assert.Equal(6, runs.Count);
        Assert.Equal(6, clients.Count);
        Assert.All(clients, c => Assert.True(c.Disposed, $"{c.Transport} not disposed"));
        Assert.All(runs, r => Assert.Equal(3, r.Series.Rounds!.Count));
    }

    [Fact]
    public async Task OneRound_IsTheSeriesAsMeasured_WithoutRounds()
    {
        var server = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Tokens = 1 };

        var runs = await ComparisonRunner.RunAsync(Plan(1, 2), _ => server, new LoadRunOptions(), CancellationToken.None);

        Assert.Equal(3, runs.Count);
        Assert.All(runs, r => Assert.Null(r.Series.Rounds));
    }

    [Fact]
    public async Task Cancelled_BetweenRounds_KeepsTheRoundsMeasured_MarkedPartial()
    {
        var server = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Tokens = 1 };
        using var cts = new CancellationTokenSource();
        int blocks = 0;
        var options = new LoadRunOptions
        {
            // The fourth block (round 2's first) is cancelled as it reports progress.
            Progress = p =>
            {
                if (p.Round == "2/3" && Interlocked.Increment(ref blocks) == 1)
                {
                    cts.Cancel();
                }
            },
        };

        var runs = await ComparisonRunner.RunAsync(Plan(3, 2) with { Duration = TimeSpan.FromSeconds(4.5) }, _ => server, options, cts.Token);

        Assert.Equal(3, runs.Count);
        Assert.All(runs, r => Assert.True(r.Partial, $"{r.Series.Transport} not partial"));
        Assert.Equal([1, 1, 2], runs.Select(r => r.Series.Rounds!.Count).Order());
    }

    [Fact]
    public void RoundOrder_ReversesEveryOtherRound_AndSplitsTheDuration()
    {
        var plan = Plan(4, 10) with { Duration = TimeSpan.FromSeconds(8), Template = Plan(1).Template with { MaxRequests = 10 } };

        Assert.Equal([Transport.Sse, Transport.SseHttp2, Transport.WebSocket], plan.TransportsIn(1));
        Assert.Equal([Transport.WebSocket, Transport.SseHttp2, Transport.Sse], plan.TransportsIn(2));
        Assert.Equal(plan.TransportsIn(1), plan.TransportsIn(3));
        Assert.Equal(TimeSpan.FromSeconds(2), plan.RoundDuration);
        var block = plan.ScenarioFor(Transport.Sse, 10, null);
        Assert.Equal(TimeSpan.FromSeconds(2), block.Profile.Duration);
        Assert.Equal(3, block.MaxRequests); // 10 over 4 rounds, rounded up
    }

    [Fact]
    public async Task ARoundTheMachineStoodStillIn_IsMeasuredAgain_ItsMeasurementSetAsideAndKeptApart()
    {
        var server = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Tokens = 1 };
        // Windows in run order: sse#1 h2#1 ws#1 ws#2 h2#2 — that one stands still — then h2#2 again, sse#2, sse#3, h2#3, ws#3.
        var observer = new StallingObserver(window => window == 4, schedulerLate: true);
        var notices = new List<string>();

        var runs = await ComparisonRunner.RunAsync(Plan(3, 2), _ => server, new LoadRunOptions { WindowObserver = observer, Notice = notices.Add }, CancellationToken.None);

        Assert.Equal(10, observer.Windows);
        var h2 = runs.Single(r => r.Series.Transport == "sse-h2");
        var setAside = Assert.Single(h2.SetAside);
        Assert.Equal(2, setAside.Round);
        Assert.StartsWith("the machine stood still: the embedded fake's highest-priority thread was up to 60000.0 ms late", setAside.Because, StringComparison.Ordinal);
        var recorded = Assert.Single(h2.Series.SetAside!);
        Assert.Equal((2, setAside.Because, setAside.Run.Series.Requests), (recorded.Round, recorded.SetAsideBecause, recorded.Requests));
        // The series is the three rounds kept, none of them stalled: the set-aside one is in none of its figures.
        Assert.Equal(3, h2.Series.Rounds!.Count);
        Assert.All(h2.Series.Rounds, r => Assert.Equal(1, r.FakeLateness!.P999Ms));
        Assert.Equal(1, h2.Series.FakeLateness!.P999Ms);
        Assert.Equal(h2.Series.Rounds.Sum(r => r.Requests), h2.Series.Requests);
        Assert.Equal(h2.Series.Requests, h2.Requests.Count);
        Assert.Equal(h2.Series.Metrics[MetricNames.Ttft].Count, h2.Histograms.Find(HistogramSet.TagOf("sse-h2", "c2", MetricNames.Ttft))!.TotalCount);
        Assert.Equal(setAside.Run.Series.Requests, setAside.Run.Requests.Count);
        // Its rows keep their own seconds: the kept rounds' and the set-aside one's never share one.
        Assert.Empty(h2.TimeSeries.Select(r => r.Second).Intersect(setAside.Run.TimeSeries.Select(r => r.Second)));
        Assert.All(runs.Where(r => r != h2), r =>
        {
            Assert.Empty(r.SetAside);
            Assert.Null(r.Series.SetAside);
        });
        Assert.Equal([$"sse-h2 c2 round 2/3: {setAside.Because}; measuring the round again, its {setAside.Run.Series.Requests} requests set aside"], notices);
    }

    [Fact]
    public async Task AgainstAnEndpointWithoutTheFakesLateness_ARoundInWhichTheHarnesssOwnProbeSawTheMachineStandStill_IsMeasuredAgain()
    {
        var server = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Tokens = 1 };
        var observer = new MachinePausingObserver(window => window == 0);

        var runs = await ComparisonRunner.RunAsync(Plan(2, 1) with { Transports = [Transport.Sse] }, _ => server, new LoadRunOptions { WindowObserver = observer }, CancellationToken.None);

        var sse = Assert.Single(runs);
        Assert.Equal(3, observer.Windows);
        var setAside = Assert.Single(sse.SetAside);
        Assert.Equal((1, "the machine stood still: the harness's own real-time thread woke up to 60000.0 ms late (over 30000 ms), with no runtime pause to explain it"), (setAside.Round, setAside.Because));
        Assert.All(sse.Series.Rounds!, r => Assert.Null(r.FakeLateness));
    }

    [Fact]
    public async Task ARoundIsMeasuredAtMostThreeTimes_TheLastKeptWhateverItHolds()
    {
        var server = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Tokens = 1 };
        var observer = new StallingObserver(_ => true, schedulerLate: true);

        var runs = await ComparisonRunner.RunAsync(Plan(2, 1) with { Transports = [Transport.Sse] }, _ => server, new LoadRunOptions { WindowObserver = observer }, CancellationToken.None);

        var sse = Assert.Single(runs);
        Assert.Equal(2 * ComparisonRunner.MaxAttempts, observer.Windows);
        Assert.Equal([1, 1, 2, 2], sse.SetAside.Select(a => a.Round));
        Assert.Equal(2, sse.Series.Rounds!.Count);
        Assert.True(sse.Series.FakeLateness!.IsStall(sse.Saturation.ThresholdMs), "the kept rounds stalled too, and say so");
    }

    [Fact]
    public async Task AStallAfterAnOnTimeRelease_OrAnAgentsShare_OrAPlanKeepingStalls_IsNotMeasuredAgain()
    {
        var server = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Tokens = 1 };
        var plan = Plan(2, 2) with { Transports = [Transport.Sse] };

        // The fake's write path late, its scheduler on time: possibly the transport's own path, so kept.
        var writePath = new StallingObserver(_ => true, schedulerLate: false);
        var kept = await ComparisonRunner.RunAsync(plan, _ => server, new LoadRunOptions { WindowObserver = writePath }, CancellationToken.None);
        // An agent runs its blocks in step with the others: measuring one again would put it out of step.
        var agent = new StallingObserver(_ => true, schedulerLate: true);
        var inStep = await ComparisonRunner.RunAsync(plan, _ => server, new LoadRunOptions { WindowObserver = agent, Agent = new AgentShare(1, 2) }, CancellationToken.None);

        Assert.Equal(2, writePath.Windows);
        Assert.Empty(Assert.Single(kept).SetAside);
        Assert.Equal(2, agent.Windows);
        Assert.Empty(Assert.Single(inStep).SetAside);

        // Asked to keep them (--keep-stalled-rounds): the stall stays in the series, and says so.
        var keep = new StallingObserver(_ => true, schedulerLate: true);
        var kept2 = await ComparisonRunner.RunAsync(plan with { KeepStalledRounds = true }, _ => server, new LoadRunOptions { WindowObserver = keep }, CancellationToken.None);
        Assert.Equal(2, keep.Windows);
        var series = Assert.Single(kept2);
        Assert.Empty(series.SetAside);
        Assert.True(series.Series.FakeLateness!.IsStall(series.Saturation.ThresholdMs));
    }

    /// <summary>Gives each measured window the embedded fake's lateness: a stall (p99.9 a minute) where <paramref name="stalls"/> says so.</summary>
    private sealed class StallingObserver(Func<int, bool> stalls, bool schedulerLate) : IMeasuredWindowObserver
    {
        public int Windows { get; private set; }

        public void WindowStarted()
        {
        }

        public SeriesResult WindowEnded(SeriesResult series)
        {
            bool stalled = stalls(Windows++);
            return series with
            {
                FakeLateness = stalled
                    ? new ServerLateness { Events = 100, P50Ms = 0.1, P99Ms = 1, P999Ms = 60_000, MaxMs = 60_000, SchedulerMaxMs = schedulerLate ? 60_000 : 0.2 }
                    : new ServerLateness { Events = 100, P50Ms = 0.1, P99Ms = 0.5, P999Ms = 1, MaxMs = 1, SchedulerMaxMs = 0.2 },
            };
        }
    }

    // Annotates each window as a run against another endpoint would be: no fake's lateness, the
    // harness's own pauses with the machine's longest 60 s in the windows given.
    private sealed class MachinePausingObserver(Func<int, bool> stands) : IMeasuredWindowObserver
    {
        public int Windows { get; private set; }

        public void WindowStarted()
        {
        }

        public SeriesResult WindowEnded(SeriesResult series) => stands(Windows++)
            ? series with { FakeLateness = null, HarnessPauses = new HarnessPauses { Count = 1, MaxMs = 60_000, MachineCount = 1, MachineMaxMs = 60_000 } }
            : series with { FakeLateness = null, HarnessPauses = new HarnessPauses { MachineCount = 0, MachineMaxMs = 0 } };
    }

    /// <summary>A client that knows whether it was disposed.</summary>
    private sealed class CountingClient(IChatStreamClient inner, Transport transport) : IChatStreamClient
    {
        public bool Disposed { get; private set; }

        public Transport Transport => transport;

        public Task<RequestTimeline> StreamAsync(ChatRequest request, long intendedStart = 0, IStreamObserver? observer = null, CancellationToken cancellationToken = default)
        {
            Assert.False(Disposed, "a disposed client was used");
            return inner.StreamAsync(request, intendedStart, observer, cancellationToken);
        }

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
