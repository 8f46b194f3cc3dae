using Harness.Cli.Commands;
using Harness.Clients;
using Harness.Load;
using Harness.Load.Results;
using Harness.Load.Simulations;

namespace Harness.Cli.Tests.Commands;

/// <summary>The line <c>compare --find-capacity</c> prints per transport says why the search stopped, and what that means for the harness.</summary>
public class CompareCapacityLineTests
{
    private static readonly ComparisonPlan Plan = new() { Transports = [Transport.Sse], Concurrencies = [200, 500, 1000], Template = new LoadScenario { Profile = new LoadProfile([new KeepConstant(1, TimeSpan.FromSeconds(1))]) } };

    [Fact]
    public void An_endpoint_that_fell_behind_leaves_the_harness_capacity_as_a_lower_bound()
    {
        var reference = Run(200, tokensPerSecond: 10_000);
        var held = Run(500, tokensPerSecond: 25_000);
        var behind = Run(1000, tokensPerSecond: 23_480, lagP99Ms: 4.57);

        string line = CompareVerb.CapacityLine(new TransportCapacity(Transport.Sse, held, behind, CapacityStop.EndpointFellBehind, reference), Plan);

        Assert.StartsWith("capacity sse: 500 concurrent streams held (25000 tokens/s", line, StringComparison.Ordinal);
        Assert.Contains("at 1000 the endpoint fell behind: 23.5 tokens/s per stream against 50.0 at 200 (23480 tokens/s in all; the harness kept up, lag p99 4.57 ms)", line, StringComparison.Ordinal);
        Assert.EndsWith("so the harness's capacity is at least 500", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_saturated_harness_is_named_with_its_lag()
    {
        var held = Run(200, tokensPerSecond: 10_000);
        var saturated = Run(500, tokensPerSecond: 20_000, lagP99Ms: 17.6, saturated: true);

        string line = CompareVerb.CapacityLine(new TransportCapacity(Transport.Sse, held, saturated, CapacityStop.HarnessSaturated, held), Plan);

        Assert.StartsWith("capacity sse: 200 concurrent streams held", line, StringComparison.Ordinal);
        Assert.EndsWith("; at 500 the harness saturated (lag p99 17.60 ms > 5 ms)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_step_held_says_the_capacity_is_at_least_the_largest_tried()
    {
        var held = Run(1000, tokensPerSecond: 50_000);

        string line = CompareVerb.CapacityLine(new TransportCapacity(Transport.Sse, held, null, CapacityStop.None, Run(200, 10_000)), Plan);

        Assert.EndsWith("the largest load point tried, so the capacity is at least this", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_at_the_first_step_say_none_held_and_how_many_failed()
    {
        var failed = Run(200, tokensPerSecond: 10_000, failedRequests: 3);

        string line = CompareVerb.CapacityLine(new TransportCapacity(Transport.Sse, null, failed, CapacityStop.Errors, failed), Plan);

        Assert.Equal("capacity sse: none of 200,500,1000 held; at 200 3 of 1000 requests failed", line);
    }

    [Fact]
    public void A_step_stopped_because_the_endpoint_cannot_serve_says_why_not_zero_of_zero()
    {
        var run = Run(200, tokensPerSecond: 0);
        var stopped = run with { Series = run.Series with { Requests = 0, Outcomes = [], StoppedBecause = "every one of the 20 warm-up requests failed (http_error(401) 20; first: HTTP 401: bad key)" } };

        string line = CompareVerb.CapacityLine(new TransportCapacity(Transport.Sse, null, stopped, CapacityStop.Errors, stopped), Plan);

        Assert.Equal("capacity sse: none of 200,500,1000 held; at 200 the run stopped: every one of the 20 warm-up requests failed (http_error(401) 20; first: HTTP 401: bad key)", line);
    }

    private static LoadSeriesRun Run(int concurrency, double tokensPerSecond, double lagP99Ms = 1, bool saturated = false, long failedRequests = 0) => new()
    {
        Series = new SeriesResult
        {
            Transport = "sse",
            LoadPoint = $"c{concurrency}",
            Concurrency = concurrency,
            DurationSeconds = 5,
            Requests = 1000,
            Tokens = (long)(tokensPerSecond * 5),
            Outcomes = failedRequests > 0
                ? new() { ["ok"] = 1000 - failedRequests, ["http_error"] = failedRequests }
                : new() { ["ok"] = 1000 },
        },
        Histograms = new HistogramSet(),
        TimeSeries = [],
        Requests = [],
        Saturation = new SaturationStatus { LagP99Ms = lagP99Ms, ThresholdMs = 5, Saturated = saturated },
    };
}
