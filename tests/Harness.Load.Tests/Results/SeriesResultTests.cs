using System.Text.Json;
using Harness.Load.Results;

namespace Harness.Load.Tests.Results;

public sealed class SeriesResultTests
{
    [Fact]
    public void Resolution_is_the_worse_lag_p99_plus_the_fakes_lateness_p99()
    {
        var series = new SeriesResult
        {
            Transport = "sse",
            LoadPoint = "c10",
            FakeLateness = new ServerLateness { Events = 100, P99Ms = 0.25 },
            Metrics = new()
            {
                [MetricNames.StartDelay] = new MetricSummary { Count = 40, P99 = 0.5 },
                [MetricNames.ReadDelay] = new MetricSummary { Count = 300, P99 = 1.5 },
            },
        };
        Assert.Equal(1.5, series.Resolution.LagP99Ms);
        Assert.Equal(300, series.Resolution.LagSamples);
        Assert.Equal(1.75, series.Resolution.BoundMs, 9);

        // Against a real endpoint there is no fake lateness: the bound is the lag alone.
        Assert.Equal(1.5, (series with { FakeLateness = null }).Resolution.BoundMs, 9);
    }

    [Fact]
    public void Results_json_carries_the_resolution_beside_the_metrics()
    {
        var series = new SeriesResult
        {
            Transport = "ws",
            LoadPoint = "r5",
            Metrics = new() { [MetricNames.ReadDelay] = new MetricSummary { Count = 10, P99 = 0.75 } },
        };
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(series, ResultsDirectory.JsonOptions));
        var resolution = doc.RootElement.GetProperty("resolution");
        Assert.Equal(0.75, resolution.GetProperty("boundMs").GetDouble());
        Assert.Equal(10, resolution.GetProperty("lagSamples").GetInt64());
    }
}
