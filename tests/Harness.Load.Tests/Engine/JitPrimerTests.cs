using System.Diagnostics;
using Harness.Clients;
using Harness.Load.Simulations;

namespace Harness.Load.Tests.Engine;

public class JitPrimerTests
{
    private static LoadScenario Closed(int copies, Transport transport = Transport.Sse) => new()
    {
        Transport = transport,
        Profile = new LoadProfile([new KeepConstant(copies, TimeSpan.FromSeconds(5))]),
    };

    /// <summary>A primer whose JIT compiles a whole settled allowance between any two looks, in 20 ms windows: it runs rounds until <paramref name="limit"/>.</summary>
    private static JitPrimer NeverSettling(Action<PrimingReport> report, TimeSpan limit)
    {
        long count = 0;
        return new JitPrimer(null, report, null, () => count += JitPrimer.SettledMethods, TimeSpan.FromMilliseconds(20), limit);
    }

    [Fact]
    public async Task Each_transport_is_primed_once_at_the_priming_load_whatever_the_series_load()
    {
        var server = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Tokens = 2 };
        var reports = new List<PrimingReport>();
        var primer = new JitPrimer(report: reports.Add);

        // A series of one stream: its transport measured first would still pay for the JIT.
        await primer.PrimeAsync(Closed(1), server, new LoadRunOptions(), CancellationToken.None);
        long afterFirst = server.Calls;
        await primer.PrimeAsync(Closed(500), server, new LoadRunOptions(), CancellationToken.None);
        long afterSecond = server.Calls;
        await primer.PrimeAsync(Closed(10, Transport.WebSocket), server, new LoadRunOptions(), CancellationToken.None);

        // At least one round of 100 copies, at most 100 requests a round though each takes 5 ms; the
        // same transport again costs nothing.
        Assert.True(afterFirst >= JitPrimer.PrimingLoad, $"{afterFirst} priming requests");
        Assert.True(afterFirst <= reports[0].Rounds * JitPrimer.PrimingLoad, $"{afterFirst} priming requests in {reports[0].Rounds} rounds");
        Assert.Equal(afterFirst, afterSecond);
        Assert.True(server.Calls - afterSecond >= JitPrimer.PrimingLoad, $"{server.Calls - afterSecond} priming requests for ws");
        Assert.Equal([Transport.Sse, Transport.WebSocket], reports.Select(r => r.Transport));
        Assert.All(reports, r => Assert.True(r.Rounds >= 1 && r.Elapsed < JitPrimer.Limit + TimeSpan.FromSeconds(2), $"{r.Rounds} rounds in {r.Elapsed}"));
        Assert.Equal(afterFirst, reports[0].Requests);
        Assert.All(reports, r => Assert.Equal(0, r.Failed));
    }

    [Fact]
    public async Task Priming_goes_on_until_a_whole_window_is_quiet_not_one_round()
    {
        // A short round that compiled nothing said nothing: on one CPU the runtime waits a second
        // before tiering up, and the wave of recompiles came after priming had stopped. Scripted by
        // time: first compiles until 30 ms, a quiet stretch, the tier-up wave at 150 ms, then quiet.
        var server = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Tokens = 2 };
        long start = Stopwatch.GetTimestamp();
        long Compiled() => Stopwatch.GetElapsedTime(start).TotalMilliseconds switch { < 30 => 0, < 150 => 1000, _ => 1500 };
        PrimingReport? report = null;
        var primer = new JitPrimer(null, r => report = r, null, Compiled, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30));

        await primer.PrimeAsync(Closed(10), server, new LoadRunOptions(), CancellationToken.None);

        Assert.NotNull(report);
        Assert.True(report.Settled);
        Assert.Equal(0, report.CompiledInLastWindow);
        Assert.True(report.Elapsed >= TimeSpan.FromMilliseconds(250), $"stopped after {report.Elapsed} ({report.Rounds} rounds), before a quiet window followed the wave at 150 ms");
    }

    [Fact]
    public async Task Priming_stops_at_its_limit_when_the_JIT_never_settles()
    {
        var server = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Tokens = 2 };
        PrimingReport? report = null;
        var primer = NeverSettling(r => report = r, TimeSpan.FromMilliseconds(300));

        await primer.PrimeAsync(Closed(10), server, new LoadRunOptions(), CancellationToken.None);

        Assert.NotNull(report);
        Assert.False(report.Settled);
        Assert.InRange(report.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Priming_rounds_do_not_each_collect_the_heap()
    {
        // A measured series starts with a full compacting collection; each priming round did too,
        // 25-30 ms a round, about 40 rounds a transport on one CPU. This assembly's tests run one at
        // a time, so no other test's collections land in the count.
        var server = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Tokens = 2 };
        PrimingReport? report = null;
        var primer = NeverSettling(r => report = r, TimeSpan.FromSeconds(1));
        int before = GC.CollectionCount(2);

        await primer.PrimeAsync(Closed(10), server, new LoadRunOptions(), CancellationToken.None);

        int collections = GC.CollectionCount(2) - before;
        Assert.NotNull(report);
        Assert.True(report.Rounds >= 4, $"{report.Rounds} rounds");
        Assert.True(collections < report.Rounds / 2, $"{collections} full collections in {report.Rounds} priming rounds");
    }

    [Fact]
    public async Task Cancelled_priming_reports_nothing()
    {
        // Cancelled before its first round, it used to report "still compiling after 0.0 s".
        var server = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Tokens = 2 };
        var reports = new List<PrimingReport>();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await new JitPrimer(report: reports.Add).PrimeAsync(Closed(10), server, new LoadRunOptions(), cancelled.Token);

        Assert.Empty(reports);
        Assert.Equal(0, server.Calls);
    }

    [Fact]
    public async Task Priming_reaches_no_live_metrics_observer()
    {
        // --metrics-port exports what the observer hears as measured load: priming is not.
        var server = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Tokens = 2 };
        var observer = new CountingObserver();
        await new JitPrimer().PrimeAsync(Closed(10), server, new LoadRunOptions { Observer = observer }, CancellationToken.None);

        Assert.True(server.Calls >= JitPrimer.PrimingLoad, $"{server.Calls} priming requests");
        Assert.Equal(0, observer.Series);
    }

    [Fact]
    public async Task Failed_priming_requests_are_reported_by_outcome()
    {
        var standIn = new SimulatedServer { Refuse = true };
        PrimingReport? report = null;
        var primer = new JitPrimer(report: r => report = r, standIn: _ => standIn);

        await primer.PrimeAsync(Closed(10), new SimulatedServer(), new LoadRunOptions(), CancellationToken.None);

        Assert.NotNull(report);
        Assert.True(report.Requests >= JitPrimer.PrimingLoad, $"{report.Requests} priming requests");
        Assert.Equal(report.Requests, report.Failed);
        Assert.Equal(report.Requests, report.Failures["connect_error"]);
    }

    [Fact]
    public async Task Comparison_results_hold_only_the_measured_series()
    {
        var server = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Tokens = 2 };
        var plan = new ComparisonPlan
        {
            Transports = [Transport.Sse],
            Concurrencies = [10],
            Duration = TimeSpan.FromMilliseconds(500),
            WarmUp = TimeSpan.Zero,
            Template = Closed(1),
        };
        int primed = 0;
        var runs = await ComparisonRunner.RunAsync(plan, _ => server, new LoadRunOptions(), CancellationToken.None, new JitPrimer(report: _ => primed++));
        Assert.Equal(1, primed);
        var run = Assert.Single(runs);
        Assert.Equal("c10", run.Series.LoadPoint);
        Assert.True(server.Calls > run.Series.Requests, "priming requests were sent but not recorded");
    }

    [Fact]
    public async Task With_a_stand_in_the_measured_client_gets_no_priming_request()
    {
        var endpoint = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Tokens = 2 };
        var standIn = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Tokens = 2 };
        var made = new List<Transport>();
        var primer = new JitPrimer(standIn: t =>
        {
            made.Add(t);
            return standIn;
        });

        await primer.PrimeAsync(Closed(10), endpoint, new LoadRunOptions(), CancellationToken.None);
        await primer.PrimeAsync(Closed(10), endpoint, new LoadRunOptions(), CancellationToken.None);

        Assert.Equal(0, endpoint.Calls);
        Assert.True(standIn.Calls >= JitPrimer.PrimingLoad, $"{standIn.Calls} priming requests to the stand-in");
        Assert.Equal([Transport.Sse], made);
    }

    [Fact]
    public async Task A_stand_in_gets_none_of_the_users_headers_the_measured_client_all()
    {
        // A fault asked of the embedded fake made every priming request through the stand-in fail; a
        // key is for the endpoint. Priming through the measured client still sends them: it needs them.
        var headers = new Dictionary<string, string> { ["x-fake-fault"] = "status=503", ["api-key"] = "k" };
        var scenario = Closed(10) with { Headers = headers };
        var standIn = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Tokens = 2 };
        var endpoint = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(5), Tokens = 2 };

        await new JitPrimer(standIn: _ => standIn).PrimeAsync(scenario, endpoint, new LoadRunOptions(), CancellationToken.None);
        await new JitPrimer().PrimeAsync(scenario, endpoint, new LoadRunOptions(), CancellationToken.None);

        Assert.True(standIn.Calls > 0);
        Assert.Null(standIn.LastHeaders);
        Assert.Equal(headers, endpoint.LastHeaders);
    }

    private sealed class CountingObserver : ILoadObserver
    {
        public int Series { get; private set; }

        public ISeriesObserver SeriesStarted(string transport, string loadPoint)
        {
            Series++;
            return new Silent();
        }

        private sealed class Silent : ISeriesObserver
        {
            public void RequestStarted()
            {
            }

            public void RequestEnded(RequestOutcome outcome, long tokens)
            {
            }

            public void TimeToFirstToken(TimeSpan ttft)
            {
            }

            public void InterTokenGap(TimeSpan gap)
            {
            }

            public void StartLag(TimeSpan lag)
            {
            }

            public void ReadLag(TimeSpan lag)
            {
            }
        }
    }
}
