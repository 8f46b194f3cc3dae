using Harness.Clients;
using Harness.Load.Simulations;
using Harness.Load.Tests.Engine;

namespace Harness.Load.Tests;

public class CapacitySearchTests
{
    [Fact]
    public async Task Steps_up_in_ascending_order_and_stops_at_the_first_load_point_with_errors()
    {
        var client = new FailingAboveClient(limit: 2);
        var plan = new ComparisonPlan
        {
            Transports = [Transport.Sse],
            Concurrencies = [4, 1, 8, 2],
            Duration = TimeSpan.FromMilliseconds(400),
            WarmUp = TimeSpan.Zero,
            Template = new LoadScenario
            {
                // Only errors stop this search: the busy test machine may lag, that is not under test.
                SaturationThreshold = TimeSpan.FromSeconds(30),
                Profile = new LoadProfile([new KeepConstant(1, TimeSpan.FromSeconds(1))]),
            },
        };
        var found = new List<TransportCapacity>();

        var runs = await CapacitySearch.RunAsync(plan, _ => client, new LoadRunOptions(), found.Add, CancellationToken.None);

        Assert.Equal(["c1", "c2", "c4"], runs.Select(r => r.Series.LoadPoint));
        var capacity = Assert.Single(found);
        Assert.Equal(Transport.Sse, capacity.Transport);
        Assert.Equal(2, capacity.Held?.Series.Concurrency);
        Assert.Equal(CapacityStop.Errors, capacity.Stop);
        Assert.Equal(4, capacity.StoppedAt?.Series.Concurrency);
        Assert.False(CapacitySearch.Held(runs[^1]));
    }

    [Fact]
    public async Task Stops_where_the_endpoint_falls_behind_though_the_harness_kept_up()
    {
        // Two requests at a time inside the "server", the rest queue: at 4 streams each gets about half
        // the tokens per second it got alone, with no error and no lag on the harness's side.
        var server = new SimulatedServer(capacity: 2) { Ttft = TimeSpan.FromMilliseconds(20), Itl = TimeSpan.FromMilliseconds(5), Tokens = 3 };
        var found = new List<TransportCapacity>();

        var runs = await CapacitySearch.RunAsync(PacePlan([1, 2, 4, 8]), _ => server, new LoadRunOptions(), found.Add, CancellationToken.None);

        Assert.Equal(["c1", "c2", "c4"], runs.Select(r => r.Series.LoadPoint));
        var capacity = Assert.Single(found);
        Assert.Equal(CapacityStop.EndpointFellBehind, capacity.Stop);
        Assert.Equal(2, capacity.Held?.Series.Concurrency);
        Assert.Equal(4, capacity.StoppedAt?.Series.Concurrency);
        Assert.Equal(1, capacity.Reference?.Series.Concurrency);
        Assert.True(CapacitySearch.Held(runs[^1]), "the harness itself held at 4: only the endpoint's pace stops the search");
        Assert.True(CapacitySearch.PerStreamTokenRate(runs[^1]) < CapacitySearch.KeptPaceShare * CapacitySearch.PerStreamTokenRate(runs[0]));
    }

    [Fact]
    public async Task Every_load_point_holds_while_the_endpoint_keeps_pace()
    {
        var server = new SimulatedServer { Ttft = TimeSpan.FromMilliseconds(20), Itl = TimeSpan.FromMilliseconds(5), Tokens = 3 };
        var found = new List<TransportCapacity>();

        var runs = await CapacitySearch.RunAsync(PacePlan([1, 2, 4]), _ => server, new LoadRunOptions(), found.Add, CancellationToken.None);

        Assert.Equal(["c1", "c2", "c4"], runs.Select(r => r.Series.LoadPoint));
        var capacity = Assert.Single(found);
        Assert.Equal(CapacityStop.None, capacity.Stop);
        Assert.Equal(4, capacity.Held?.Series.Concurrency);
        Assert.Null(capacity.StoppedAt);
    }

    [Fact]
    public async Task An_endpoint_that_cannot_serve_stops_the_search_at_its_first_step()
    {
        // A closed port (real loopback): the first step stops in its warm-up having measured nothing,
        // which must not read as a step without errors that held.
        var plan = PacePlan([1, 2, 4]) with { WarmUp = TimeSpan.FromSeconds(1) };
        var found = new List<TransportCapacity>();

        var runs = await CapacitySearch.RunAsync(plan, t => ChatStreamClientFactory.Create(t, new ChatClientOptions { Endpoint = new Uri("http://127.0.0.1:9/v1"), Retry = RetryOptions.None }), new LoadRunOptions(), found.Add, CancellationToken.None);

        var run = Assert.Single(runs);
        Assert.Equal(0, run.Series.Requests);
        var capacity = Assert.Single(found);
        Assert.Equal(CapacityStop.Errors, capacity.Stop);
        Assert.Null(capacity.Held);
    }

    private static ComparisonPlan PacePlan(int[] concurrencies) => new()
    {
        Transports = [Transport.Sse],
        Concurrencies = concurrencies,
        Duration = TimeSpan.FromMilliseconds(600),
        WarmUp = TimeSpan.FromMilliseconds(100),
        Template = new LoadScenario
        {
            // Only the endpoint's pace is under test; a busy test machine's lag is not.
            SaturationThreshold = TimeSpan.FromSeconds(30),
            Profile = new LoadProfile([new KeepConstant(1, TimeSpan.FromSeconds(1))]),
        },
    };

    /// <summary>Answers 503 to every request that finds more than <c>limit</c> others in flight.</summary>
    private sealed class FailingAboveClient(int limit) : IChatStreamClient
    {
        private readonly SimulatedServer _server = new() { Ttft = TimeSpan.FromMilliseconds(10), Tokens = 2 };
        private int _inFlight;

        public Transport Transport => Transport.Sse;

        public async Task<RequestTimeline> StreamAsync(ChatRequest request, long intendedStart = 0, IStreamObserver? observer = null, CancellationToken cancellationToken = default)
        {
            int inFlight = Interlocked.Increment(ref _inFlight);
            try
            {
                var timeline = await _server.StreamAsync(request, intendedStart, observer, cancellationToken);
                if (inFlight > limit && timeline.Outcome == RequestOutcome.Ok)
                {
                    timeline.Outcome = RequestOutcome.HttpError;
                    timeline.HttpStatus = 503;
                }

                return timeline;
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
