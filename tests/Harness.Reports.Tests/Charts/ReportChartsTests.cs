using Harness.Load;
using Harness.Load.Results;
using Harness.Reports.Charts;
using ScottPlot;
using ScottPlot.Plottables;

namespace Harness.Reports.Tests.Charts;

/// <summary>What the report's charts draw: their data and axes, not their pixels.</summary>
public sealed class ReportChartsTests
{
    private static ReportData Data(IEnumerable<SeriesResult> series, IEnumerable<TimeSeriesRow>? rows = null, HistogramSet? histograms = null) => new()
    {
        Directory = "in-memory",
        Results = new RunResults { Name = "t", Target = "embedded fake", Model = "fake", Series = [.. series] },
        Histograms = histograms ?? new HistogramSet(),
        TimeSeries = [.. rows ?? []],
    };

    private static SeriesResult Series(string transport, double seconds = 6, List<RoundResult>? rounds = null) => new()
    {
        Transport = transport,
        LoadPoint = "c10",
        Concurrency = 10,
        DurationSeconds = seconds,
        Rounds = rounds,
    };

    private static TimeSeriesRow Row(int second, long tokens, string transport = "sse") =>
        new() { Second = second, Transport = transport, LoadPoint = "c10", Started = tokens > 0 ? 5 : 0, Tokens = tokens };

    private static (double[] Xs, double[] Ys) Points(Plot plot)
    {
        var points = plot.GetPlottables().OfType<Scatter>().Single().Data.GetScatterPoints();
        return ([.. points.Select(p => p.X)], [.. points.Select(p => p.Y)]);
    }

    [Fact]
    public void Throughput_InRounds_JoinsTheRoundsWindows_AndLeavesTheirDrainSecondsOut()
    {
        // Three 2 s rounds; each round's rows are followed by a drain second (nothing started, few tokens).
        var rounds = new List<RoundResult>
        {
            new() { Round = 1, FirstSecond = 0, DurationSeconds = 2 },
            new() { Round = 2, FirstSecond = 3, DurationSeconds = 2 },
            new() { Round = 3, FirstSecond = 6, DurationSeconds = 2 },
        };
        int[] drain = [2, 5, 8];
        var rows = Enumerable.Range(0, 9).Select(s => Row(s, drain.Contains(s) ? 130 : 450));

        var plot = ReportCharts.Throughput(Data([Series("sse", rounds: rounds)], rows))!;

        var (xs, ys) = Points(plot);
        Assert.Equal([0.5, 1.5, 2.5, 3.5, 4.5, 5.5], xs);
        Assert.All(ys, y => Assert.Equal(450, y));
        var limits = plot.Axes.GetLimits();
        Assert.Equal((0, 6), (limits.Left, limits.Right));
        Assert.Equal([2, 4], plot.GetPlottables().OfType<VerticalLine>().Select(l => l.X).Order());
    }

    [Fact]
    public void Throughput_InOneBlock_LeavesTheDrainSecondOut()
    {
        var rows = Enumerable.Range(0, 4).Select(s => Row(s, s < 3 ? 450 : 20));

        var (xs, _) = Points(ReportCharts.Throughput(Data([Series("sse", seconds: 3)], rows))!);

        Assert.Equal([0.5, 1.5, 2.5], xs);
    }

    [Fact]
    public void Throughput_WithoutTokens_AxisStartsAtZero()
    {
        var plot = ReportCharts.Throughput(Data([Series("sse", seconds: 2)], [Row(0, 0), Row(1, 0)]))!;

        var limits = plot.Axes.GetLimits();
        Assert.Equal(0, limits.Bottom);
        Assert.True(limits.Top > 0);
    }

    [Fact]
    public void E2eLadder_CloseFractionalTicks_KeepTheirDecimals_AndTheMarkersHaveRoom()
    {
        // p50 to p99.9 within 3 ms at about 1.08 s: ticks half a millisecond apart.
        var histograms = new HistogramSet();
        var e2e = histograms.Get("sse", "c10", MetricNames.EndToEnd);
        for (int i = 0; i < 200; i++)
        {
            HistogramSet.Record(e2e, TimeSpan.FromMilliseconds(1081.5 + (i % 7 * 0.5)));
        }

        var series = Series("sse") with { Metrics = new() { [MetricNames.EndToEnd] = HistogramSet.Summarize(e2e, MetricNames.EndToEnd) } };
        var plot = ReportCharts.E2eLadder(Data([series], histograms: histograms))!;
        plot.RenderInMemory(ReportCharts.Width, ReportCharts.Height);

        string[] labels = [.. plot.Axes.Left.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label)];
        Assert.True(labels.Length > 1);
        Assert.Equal(labels.Length, labels.Distinct().Count());
        var limits = plot.Axes.GetLimits();
        double p50 = HistogramSet.ValueAtPercentile(e2e, 50) / 1000.0;
        Assert.True(limits.Bottom < p50 - 0.2, $"the p50 marker at {p50} sits on the axis' edge {limits.Bottom}");
    }

    [Fact]
    public void LogAxis_OverMoreThanThreeDecades_LabelsOnlyEachDecadesOne()
    {
        // A single 0.001 ms catch-up gap beside 20 ms gaps: "0.001" and "0.002" overlapped.
        var plot = new Plot();
        LogAxis.ApplyX(plot, 0.001, 30);
        plot.RenderInMemory(ReportCharts.Width, ReportCharts.Height);

        var labels = plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label).ToList();
        Assert.Contains("0.001", labels);
        Assert.Contains("10", labels);
        Assert.DoesNotContain("0.002", labels);
        Assert.DoesNotContain("20", labels);
    }

    [Fact]
    public void ConnectionCost_SaysOverHowManyRequestsEachMedianWasTaken()
    {
        var connect = new MetricSummary { Count = 1, P50 = 0.24 };
        var ttfb = new MetricSummary { Count = 59, P50 = 1.39 };
        var series = Series("sse") with { Metrics = new() { [MetricNames.Connect] = connect, [MetricNames.Ttfb] = ttfb } };

        var plot = ReportCharts.ConnectionCost(Data([series]))!;

        var bars = plot.GetPlottables().OfType<BarPlot>().Single().Bars.Select(b => b.Label).ToList();
        Assert.Equal(["0.24 (n 1)", "1.39 (n 59)"], bars);
    }
}
