using System.Buffers.Binary;
using Harness.Clients;
using Harness.Load.Overhead;
using Harness.Reports.Charts;
using Harness.Reports.Claims;
using Harness.Reports.Overhead;

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
    public void Overhead_WithNothingMeasured_DrawsNothing()
    {
        var report = OverheadAnalysis.Analyse(new OverheadSamples(Transport.Sse, "c1", cold: false), new OverheadOptions { Direct = "d", Via = "v" });
        string png = Path.Combine(_dir, "none.png");

        Assert.False(DifferenceChart.Save(report, png));
        Assert.False(File.Exists(png));
    }
}
