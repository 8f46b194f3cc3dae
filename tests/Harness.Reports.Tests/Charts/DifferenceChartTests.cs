using System.Buffers.Binary;
using Harness.Clients;
using Harness.Load.Overhead;
using Harness.Reports.Charts;
using Harness.Reports.Claims;
using Harness.Reports.Overhead;
using ScottPlot;
using ScottPlot.Plottables;

namespace Harness.Reports.Tests.Charts;

public sealed class DifferenceChartTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("difference-chart-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Overhead_DrawsTheLadderOfEachMetric_AsAPngOfTheReportsSize()
    {
        var samples = new OverheadSamples(Transport.WebSocket, "c2", cold: false);
        for (int i = 0; i < 80; i++)
        {
            samples.Record(SyntheticTimeline.Ok(100 + (i % 9), 10, 4), SyntheticTimeline.Ok(130 + (i % 9), 12, 4), i % 2 == 0);
        }

        var report = OverheadAnalysis.Analyse(samples, new OverheadOptions { Direct = "d", Via = "v", Claims = [LatencyClaim.Parse("ttft p50 < 50ms")] });
        string png = Path.Combine(_dir, "overhead.png");

        Assert.True(DifferenceChart.Save(report, png));
        byte[] header = File.ReadAllBytes(png)[..24];
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], header[..4]);
        Assert.Equal(ReportCharts.Width, BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16, 4)));
        Assert.Equal(ReportCharts.Height, BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20, 4)));
    }

    [Fact]
    public void Overhead_ClaimedMetricAndUndecidedPercentiles_AreVisible()
    {
        // 80 pairs: enough for p50 and p95, too few for p99 (300 needed).
        var samples = new OverheadSamples(Transport.Sse, "c8", cold: false);
        for (int i = 0; i < 80; i++)
        {
            samples.Record(SyntheticTimeline.Ok(100 + (i % 9), 10, 4), SyntheticTimeline.Ok(130 + (i % 9), 12, 4), i % 2 == 0);
        }

        var report = OverheadAnalysis.Analyse(samples, new OverheadOptions
        {
            Direct = "d",
            Via = "v",
            Claims = [LatencyClaim.Parse("ttft p50 < 50ms"), LatencyClaim.Parse("ttft p95 < 50ms"), LatencyClaim.Parse("e2e p50 < 20ms")],
        });

        var plot = DifferenceChart.ChartOf(report)!;
        var series = plot.GetPlottables().OfType<Scatter>().Where(s => s.LegendText.StartsWith("sse c8 ", StringComparison.Ordinal)).ToDictionary(s => s.LegendText.Split(' ')[2]);
        Assert.Contains("ttft", series.Keys);
        Assert.Contains("itl", series.Keys);
        // A colour per metric, and every legend entry a line.
        Assert.Equal(series.Count, series.Values.Select(s => s.LineStyle.Color).Distinct().Count());
        Assert.All(series.Values, s => Assert.True(s.LineWidth > 0 && s.LinePattern.Equals(LinePattern.Solid), s.LegendText));
        // The claimed metrics stand out, named and heavier.
        Assert.EndsWith("(claimed)", series["ttft"].LegendText, StringComparison.Ordinal);
        Assert.EndsWith("(claimed)", series["e2e"].LegendText, StringComparison.Ordinal);
        Assert.DoesNotContain("claimed", series["itl"].LegendText, StringComparison.Ordinal);
        Assert.True(series["ttft"].LineWidth > series["itl"].LineWidth);

        // A threshold per claimed metric, in that metric's colour, naming only its claims.
        var thresholds = plot.GetPlottables().OfType<HorizontalLine>().Where(l => l.LegendText.StartsWith("claim", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, thresholds.Count);
        var ttft = Assert.Single(thresholds, l => l.LegendText == "claim ttft p50 < 50ms, ttft p95 < 50ms");
        Assert.Equal(series["ttft"].LineStyle.Color, ttft.LineStyle.Color);
        var e2e = Assert.Single(thresholds, l => l.LegendText == "claim e2e p50 < 20ms");
        Assert.Equal(series["e2e"].LineStyle.Color, e2e.LineStyle.Color);

        // Every percentile the table marks "(too few)" is ringed, and only those.
        int tooFew = report.Metrics.Sum(m => m.Percentiles.Count(p => p.OverheadMs is double && !p.Enough));
        Assert.True(tooFew > 0);
        var rings = Assert.Single(plot.GetPlottables().OfType<Scatter>(), s => s.LegendText == "too few samples: undecided");
        Assert.Equal(tooFew, rings.Data.GetScatterPoints().Count);
    }

    [Fact]
    public void Overhead_WithNothingMeasured_DrawsNothing()
    {
        var report = OverheadAnalysis.Analyse(new OverheadSamples(Transport.Sse, "c1", cold: false), new OverheadOptions { Direct = "d", Via = "v" });
        string png = Path.Combine(_dir, "none.png");

        Assert.False(DifferenceChart.Save(report, png));
        Assert.False(File.Exists(png));
    }
}
