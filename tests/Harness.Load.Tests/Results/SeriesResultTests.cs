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

    [Fact]
    public void Results_json_keeps_the_harness_pauses_through_a_round_trip()
    {
        var pauses = new HarnessPauses
        {
            Count = 3,
            Collections = 2,
            TotalMs = 41.5,
            MaxMs = 29.9,
            TtftMeasured = 800,
            TtftDelayed = 52,
            TtftUndelayed = new MetricSummary { Count = 748, P99 = 104.1 },
            MachineCount = 1,
            MachineMaxMs = 3.5,
            E2eMeasured = 800,
            E2eDelayed = 31,
            E2eUndelayed = new MetricSummary { Count = 769, P99 = 1_083.4 },
        };
        var series = new SeriesResult { Transport = "sse-h2", LoadPoint = "c100", HarnessPauses = pauses };

        string json = JsonSerializer.Serialize(series, ResultsDirectory.JsonOptions);
        var back = JsonSerializer.Deserialize<SeriesResult>(json, ResultsDirectory.JsonOptions)!;

        Assert.Equal(pauses, back.HarnessPauses);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(52, doc.RootElement.GetProperty("harnessPauses").GetProperty("ttftDelayed").GetInt64());
        Assert.Equal(104.1, doc.RootElement.GetProperty("harnessPauses").GetProperty("ttftUndelayed").GetProperty("p99").GetDouble());
        Assert.Equal(3.5, doc.RootElement.GetProperty("harnessPauses").GetProperty("machineMaxMs").GetDouble());
        Assert.Equal(31, doc.RootElement.GetProperty("harnessPauses").GetProperty("e2eDelayed").GetInt64());
        Assert.Equal(1_083.4, doc.RootElement.GetProperty("harnessPauses").GetProperty("e2eUndelayed").GetProperty("p99").GetDouble());
        // Unknown (the probe could not run) reads back as unknown, not as none.
        var unprobed = JsonSerializer.Deserialize<SeriesResult>(JsonSerializer.Serialize(series with { HarnessPauses = pauses with { MachineCount = null, MachineMaxMs = null } }, ResultsDirectory.JsonOptions), ResultsDirectory.JsonOptions)!;
        Assert.Equal((null, null), (unprobed.HarnessPauses!.MachineCount, unprobed.HarnessPauses.MachineMaxMs));
    }

    [Fact]
    public void Merged_agents_add_their_pauses_and_keep_the_longest()
    {
        var a = new HarnessPauses { Count = 1, Collections = 1, TotalMs = 10, MaxMs = 10, TtftMeasured = 100, TtftDelayed = 5, TtftUndelayed = new MetricSummary { Count = 95 } };
        var b = new HarnessPauses { Count = 2, Collections = 1, TotalMs = 30, MaxMs = 25, TtftMeasured = 200, TtftDelayed = 0 };

        var merged = HarnessPauses.Merge([a, b])!;

        Assert.Equal((3L, 2L, 40.0, 25.0, 300L, 5L), (merged.Count, merged.Collections, merged.TotalMs, merged.MaxMs, merged.TtftMeasured, merged.TtftDelayed));
        Assert.Null(merged.TtftUndelayed);
        Assert.Null(HarnessPauses.Merge([a, null]));
    }

    [Fact]
    public void Rounds_and_agents_add_their_failed_connections_and_older_files_read_as_none()
    {
        var a = new SeriesResult { Transport = "sse", LoadPoint = "c10", FailedConnects = 4, FailedTlsHandshakes = 1 };
        var b = a with { FailedConnects = 2, FailedTlsHandshakes = 2 };

        var sum = SeriesResult.Add([a, b], new HistogramSet());
        var old = JsonSerializer.Deserialize<SeriesResult>("{\"transport\":\"sse\",\"loadPoint\":\"c10\"}", ResultsDirectory.JsonOptions)!;

        Assert.Equal((6L, 3L), (sum.FailedConnects, sum.FailedTlsHandshakes));
        Assert.Equal((0L, 0L), (old.FailedConnects, old.FailedTlsHandshakes));
    }
}
