using Harness.Load.Results;

namespace Harness.Load.Tests.Results;

public class StallReachTests
{
    private static SeriesResult Closed(int concurrency, long requests, long itlSamples = 0) => new()
    {
        Transport = "sse",
        LoadPoint = $"c{concurrency}",
        Concurrency = concurrency,
        Requests = requests,
        Metrics = new()
        {
            [MetricNames.Ttft] = new MetricSummary { Count = requests, Mean = 100, P50 = 100 },
            [MetricNames.Itl] = new MetricSummary { Count = itlSamples, Mean = 20, P50 = 20 },
        },
    };

    [Fact]
    public void AShortClosedRun_OneWaveIsASixthOfItsSamples_AndReachesP83()
    {
        // 10 streams, 60 requests: one stalled wave is 10 of 60 first tokens.
        var series = Closed(10, 60, itlSamples: 60 * 49);

        Assert.Equal(100 * (1 - (10 / 60.0)), StallReach.LowestPercentile(series, MetricNames.Ttft), 9);
        Assert.Equal(", and one wave in flight (10 requests) is 16.7% of its 60 samples, so it may reach p83.3 and above", StallReach.Explain(series, MetricNames.Ttft));
        // Of 2,940 gaps between tokens the wave widened one per stream: p99 and above, as ever.
        Assert.Equal(StallReach.Ceiling, StallReach.LowestPercentile(series, MetricNames.Itl));
        Assert.Equal(string.Empty, StallReach.Explain(series, MetricNames.Itl));
    }

    [Fact]
    public void ALongRun_ReachesP99AndAbove_AsBeforeTheShareWasCounted()
    {
        // 10 / 3,000 would be p99.67: never above the ceiling, so a long run is judged as it was.
        Assert.Equal(99, StallReach.LowestPercentile(Closed(10, 3_000), MetricNames.Ttft));
        Assert.Equal(string.Empty, StallReach.Explain(Closed(10, 3_000), MetricNames.Ttft));
    }

    [Fact]
    public void AWaveOfEverySample_ReachesTheMedian_AndNoLowerThanZero()
    {
        Assert.Equal(50, StallReach.LowestPercentile(Closed(100, 200), MetricNames.Ttft), 9);
        Assert.Equal(0, StallReach.LowestPercentile(Closed(100, 60), MetricNames.Ttft));
    }

    [Fact]
    public void AnOpenRun_CountsInFlightByLittlesLaw_RateTimesTheMeanE2eAndTheStall()
    {
        var series = new SeriesResult
        {
            Transport = "sse",
            LoadPoint = "r20",
            RatePerSecond = 20,
            Requests = 120,
            Metrics = new() { [MetricNames.EndToEnd] = new MetricSummary { Count = 118, Mean = 1_100, P50 = 1_050 } },
            FakeLateness = new ServerLateness { Events = 6_000, P50Ms = 0.1, P99Ms = 0.3, P999Ms = 41.2, MaxMs = 58.4 },
        };

        // 20/s × (1.1 s + the 58.4 ms stall, whose arrivals it held too) = 23.168 in flight, of 120.
        Assert.Equal(20 * 1.1584, StallReach.InFlight(series)!.Value, 9);
        Assert.Equal(100 * (1 - (20 * 1.1584 / 120)), StallReach.LowestPercentile(series, MetricNames.EndToEnd), 9);
        // Without an end-to-end time there is nothing to count from: p99, as ever.
        Assert.Equal(StallReach.Ceiling, StallReach.LowestPercentile(series with { Metrics = [] }, MetricNames.Ttft));
    }

    [Fact]
    public void ASeriesWithoutLoadOrRequests_ReachesP99()
    {
        Assert.Equal(StallReach.Ceiling, StallReach.LowestPercentile(new SeriesResult { Transport = "sse", LoadPoint = "c10", Requests = 60 }, MetricNames.Ttft));
        Assert.Equal(StallReach.Ceiling, StallReach.LowestPercentile(Closed(10, 0), MetricNames.Ttft));
    }

    [Fact]
    public void TheMachinesStall_CountsOnlyWhereNoEmbeddedFakesLatenessIsThere_AndPastTheThreshold()
    {
        var stood = new HarnessPauses { Count = 1, MaxMs = 12, MachineCount = 1, MachineMaxMs = 12 };
        var series = new SeriesResult { Transport = "sse", LoadPoint = "c10", Concurrency = 10, Requests = 60, HarnessPauses = stood };

        Assert.Equal(12, StallReach.MachineStallMs(series, 5));
        Assert.Null(StallReach.MachineStallMs(series, 12)); // not past the threshold
        Assert.Null(StallReach.MachineStallMs(series with { HarnessPauses = stood with { MachineCount = null, MachineMaxMs = null } }, 5)); // unknown
        // Against the embedded fake its own rule counts: the fake kept its schedule, so no stall reached the figures.
        var onTime = new ServerLateness { Events = 600, P50Ms = 0.1, P99Ms = 0.3, P999Ms = 0.6, MaxMs = 1.5 };
        Assert.Null(StallReach.MachineStallMs(series with { FakeLateness = onTime }, 5));
        Assert.Null(StallReach.Reaching(series with { FakeLateness = onTime }, MetricNames.Ttft, 99, 5));
        Assert.Equal("the machine stood still (the harness's own real-time thread up to 12 ms late)", StallReach.Reaching(series, MetricNames.Ttft, 99, 5));
    }
}
