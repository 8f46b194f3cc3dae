using System.Globalization;
using Harness.Clients;
using Harness.Load;
using Harness.Load.Results;
using HdrHistogram;
using ScottPlot;

namespace Harness.Reports.Charts;

/// <summary>
/// Renders the report's charts with ScottPlot (headless, PNG and SVG): TTFT CDF, inter-token
/// latency distribution, end-to-end percentile ladder, throughput and errors over time, and cold
/// versus warm connection cost. Colour encodes the transport in every chart; line pattern encodes
/// the load point (or the percentile in the ladder).
/// </summary>
public static class ReportCharts
{
    /// <summary>Chart width in pixels.</summary>
    public const int Width = 960;

    /// <summary>Chart height in pixels.</summary>
    public const int Height = 540;

    // A sans-serif face reads better at chart sizes; DejaVu ships with Debian, else ScottPlot's own default.
    private static readonly string s_font = Fonts.GetTypeface("DejaVu Sans", false, false)?.FamilyName == "DejaVu Sans" ? "DejaVu Sans" : Fonts.Default;

    private static readonly MarkerShape[] s_ladderMarkers = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond];

    private static readonly (double Percentile, string Label)[] s_ladder = [(50, "p50"), (90, "p90"), (99, "p99"), (99.9, "p99.9")];

    /// <summary>Renders every chart the data supports into <paramref name="outputDir"/>.</summary>
    public static IReadOnlyList<RenderedChart> RenderAll(ReportData data, string outputDir)
    {
        ArgumentNullException.ThrowIfNull(data);
        Directory.CreateDirectory(outputDir);
        var charts = new List<RenderedChart>();
        void Add(string id, string title, string caption, Plot? plot)
        {
            if (plot is null)
            {
                return;
            }

            string png = Path.Combine(outputDir, id + ".png");
            string svg = Path.Combine(outputDir, id + ".svg");
            plot.SavePng(png, Width, Height);
            // Skia's SVG backend draws dashed lines solid (and complains natively); the PNG is the reference.
            NativeStderr.Suppress(() => plot.SaveSvg(svg, Width, Height));
            charts.Add(new RenderedChart(id, title, caption, png, svg, Width, Height));
        }

        Add("ttft-cdf", "Time to first token: CDF", "Share of requests (y) whose first token arrived within the latency on x (log scale). Further left is faster; a steep curve is consistent.", TtftCdf(data));
        Add("itl-distribution", "Inter-token latency distribution", "How the gaps between consecutive tokens are spread (log-spaced bins). A narrow peak means smooth streaming.", ItlDistribution(data));
        Add("e2e-ladder", "End-to-end latency by load", "p50, p90, p99 and p99.9 of the whole-stream time at each load point. Lines that climb with load show queueing.", E2eLadder(data));
        Add("throughput", "Throughput over time", "Tokens per second received each second of the measured window, per transport and load point. A run in rounds has its rounds' windows joined (dotted lines); the seconds after each window, while its last requests finished, are left out.", Throughput(data));
        Add("errors", "Errors over time", "Requests per second that ended in anything but ok (truncated, timeouts, HTTP errors, ...), on the same axis as throughput.", Errors(data));
        Add("connection-cost", "Cold versus warm connection cost", "Median cost of opening a connection (connect, TLS) and time to first byte on a new (cold) versus a reused (warm) connection, each bar over the n requests it names. TTFB is the response headers over HTTP and the 101 upgrade over WebSocket, so a reused WebSocket has none (its first frame is its first token). A transport without bars opened no connection in the measured window (warm-up connections are not measured): run with --cold to measure every connection.", ConnectionCost(data));
        return charts;
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title, size: 20);
        plot.XLabel(xLabel, size: 16);
        plot.YLabel(yLabel, size: 16);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 14;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        plot.Font.Set(s_font);
        return plot;
    }

    private static void TransportLegend(Plot plot, ReportData data, IReadOnlyList<string> patternLabels, string patternTitle, Alignment alignment, MarkerShape[]? markers = null)
    {
        foreach (string transport in data.Transports)
        {
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = TransportPalette.LabelOf(transport),
                LineColor = TransportPalette.ColorOf(transport),
                LineWidth = 4,
            });
        }

        if (patternLabels.Count > 1)
        {
            for (int i = 0; i < patternLabels.Count; i++)
            {
                plot.Legend.ManualItems.Add(new LegendItem
                {
                    LabelText = $"{patternTitle} {patternLabels[i]}",
                    LineColor = Colors.DimGray,
                    LineWidth = 2,
                    LinePattern = TransportPalette.PatternOf(i),
                    MarkerShape = markers is null ? MarkerShape.None : markers[i],
                    MarkerFillColor = Colors.DimGray,
                    MarkerLineColor = Colors.DimGray,
                    MarkerSize = markers is null ? 0 : 9,
                });
            }
        }

        plot.Legend.FontSize = 14;
        // Outside the data area, so it never hides a line.
        plot.ShowLegend(Edge.Right);
    }

    private static IEnumerable<(string Transport, int LoadIndex, string LoadPoint, LongHistogram Histogram)> Histograms(ReportData data, string metric)
    {
        var loadPoints = data.LoadPoints;
        foreach (string transport in data.Transports)
        {
            for (int i = 0; i < loadPoints.Count; i++)
            {
                var histogram = data.Histograms.Find(HistogramSet.TagOf(transport, loadPoints[i], metric));
                if (histogram is { TotalCount: > 0 })
                {
                    yield return (transport, i, loadPoints[i], histogram);
                }
            }
        }
    }

    internal static Plot? TtftCdf(ReportData data)
    {
        var series = Histograms(data, MetricNames.Ttft).ToList();
        if (series.Count == 0)
        {
            return null;
        }

        var plot = NewPlot("Time to first token (TTFT): cumulative distribution", "TTFT (ms, log scale)", "Requests at or below (%)");
        double min = double.MaxValue, max = 0;
        foreach (var (transport, loadIndex, _, histogram) in series)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            double total = histogram.TotalCount;
            long running = 0;
            foreach (var bucket in histogram.RecordedValues())
            {
                double ms = bucket.ValueIteratedTo / 1000.0;
                // A step: the share jumps at each recorded value.
                xs.Add(LogAxis.ToAxis(ms));
                ys.Add(running / total * 100);
                running += bucket.CountAtValueIteratedTo;
                xs.Add(LogAxis.ToAxis(ms));
                ys.Add(running / total * 100);
                min = Math.Min(min, ms);
                max = Math.Max(max, ms);
            }

            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), TransportPalette.ColorOf(transport));
            line.LineWidth = 2.5f;
            line.LinePattern = TransportPalette.PatternOf(loadIndex);
        }

        LogAxis.ApplyX(plot, min, max);
        plot.Axes.SetLimitsY(0, 102);
        TransportLegend(plot, data, data.LoadPoints, "load", Alignment.LowerRight);
        return plot;
    }

    internal static Plot? ItlDistribution(ReportData data)
    {
        var series = Histograms(data, MetricNames.Itl).ToList();
        if (series.Count == 0)
        {
            return null;
        }

        var plot = NewPlot("Inter-token latency (ITL) distribution", "Gap between consecutive tokens (ms, log scale)", "Share of gaps (%)");
        double min = series.Min(s => s.Histogram.RecordedValues().First().ValueIteratedTo) / 1000.0;
        double max = series.Max(s => s.Histogram.GetMaxValue()) / 1000.0;
        // 40 log-spaced bins over the common range, so the curves are comparable.
        double low = LogAxis.ToAxis(min), high = LogAxis.ToAxis(max) + 1e-9;
        const int bins = 40;
        double width = Math.Max((high - low) / bins, 1e-3);
        foreach (var (transport, loadIndex, _, histogram) in series)
        {
            var counts = new double[bins];
            foreach (var bucket in histogram.RecordedValues())
            {
                int bin = (int)((LogAxis.ToAxis(bucket.ValueIteratedTo / 1000.0) - low) / width);
                counts[Math.Clamp(bin, 0, bins - 1)] += bucket.CountAtValueIteratedTo;
            }

            double total = histogram.TotalCount;
            var xs = Enumerable.Range(0, bins).Select(i => low + ((i + 0.5) * width)).ToArray();
            var ys = counts.Select(c => c / total * 100).ToArray();
            var line = plot.Add.ScatterLine(xs, ys, TransportPalette.ColorOf(transport));
            line.LineWidth = 2.5f;
            line.LinePattern = TransportPalette.PatternOf(loadIndex);
        }

        LogAxis.ApplyX(plot, min, max);
        plot.Axes.Margins(bottom: 0);
        TransportLegend(plot, data, data.LoadPoints, "load", Alignment.UpperRight);
        return plot;
    }

    internal static Plot? E2eLadder(ReportData data)
    {
        var loadPoints = data.LoadPoints;
        var rows = data.Results.Series.Where(s => s.Metrics.ContainsKey(MetricNames.EndToEnd) && s.Metrics[MetricNames.EndToEnd].Count > 0).ToList();
        if (rows.Count == 0)
        {
            return null;
        }

        bool byRate = rows.All(s => s.RatePerSecond is not null);
        var plot = NewPlot(
            "End-to-end latency percentiles by load",
            byRate ? "Arrival rate (requests/s)" : "Concurrent streams",
            "End-to-end latency (ms)");
        foreach (string transport in data.Transports)
        {
            for (int p = 0; p < s_ladder.Length; p++)
            {
                var xs = new List<double>();
                var ys = new List<double>();
                for (int i = 0; i < loadPoints.Count; i++)
                {
                    var series = rows.FirstOrDefault(s => s.Transport == transport && s.LoadPoint == loadPoints[i]);
                    if (series is null)
                    {
                        continue;
                    }

                    var histogram = data.Histograms.Find(HistogramSet.TagOf(transport, loadPoints[i], MetricNames.EndToEnd));
                    double value = histogram is { TotalCount: > 0 }
                        ? HistogramSet.ValueAtPercentile(histogram, s_ladder[p].Percentile) / 1000.0
                        : PercentileOf(series.Metrics[MetricNames.EndToEnd], s_ladder[p].Percentile);
                    xs.Add(i);
                    ys.Add(value);
                }

                if (xs.Count == 0)
                {
                    continue;
                }

                var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), TransportPalette.ColorOf(transport));
                line.LineWidth = 2.5f;
                line.MarkerSize = 10;
                line.MarkerShape = s_ladderMarkers[p];
                line.LinePattern = TransportPalette.PatternOf(p);
            }
        }

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int i = 0; i < loadPoints.Count; i++)
        {
            var first = rows.FirstOrDefault(s => s.LoadPoint == loadPoints[i]);
            string label = first?.Concurrency is int c ? c.ToString(CultureInfo.InvariantCulture)
                : first?.RatePerSecond is double r ? r.ToString("0.##", CultureInfo.InvariantCulture) + "/s"
                : loadPoints[i];
            ticks.AddMajor(i, label);
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        // Close percentiles (a 2 ms spread at 1 s) get fractional ticks: labels keep their decimals, never "1,082" three times.
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = LadderTick };
        plot.Axes.AutoScaleY();
        // Room above and below, so the lowest and highest markers are drawn whole.
        var limits = plot.Axes.GetLimits();
        double pad = Math.Max((limits.Top - limits.Bottom) * 0.08, 0.5);
        plot.Axes.SetLimitsY(limits.Bottom - pad, limits.Top + pad);
        plot.Axes.SetLimitsX(-0.3, Math.Max(loadPoints.Count - 1, 1) + 0.3);
        TransportLegend(plot, data, [.. s_ladder.Select(l => l.Label)], string.Empty, Alignment.UpperLeft, s_ladderMarkers);
        return plot;
    }

    internal static string LadderTick(double value) => value.ToString("#,0.###", CultureInfo.InvariantCulture);

    private static double PercentileOf(MetricSummary summary, double percentile) => summary.At(percentile) ?? summary.P999;

    internal static Plot? Throughput(ReportData data) =>
        OverTime(data, "Throughput over time", "Tokens received per second", row => row.Tokens, "no tokens in the measured window");

    internal static Plot? Errors(ReportData data) =>
        OverTime(
            data,
            "Errors over time (requests that did not end ok)",
            "Failed requests per second",
            row => row.Outcomes.Where((_, outcome) => outcome is not ((int)RequestOutcome.Ok or (int)RequestOutcome.Stopped)).Sum(),
            "no errors in the measured window");

    private static Plot? OverTime(ReportData data, string title, string yLabel, Func<TimeSeriesRow, double> value, string nothing)
    {
        var table = data.TimeSeries;
        if (table.Count == 0)
        {
            return null;
        }

        var plot = NewPlot(title, "Time in the measured window (s)", yLabel);
        var loadPoints = data.LoadPoints;
        double maxY = 0;
        var boundaries = new SortedSet<int>();
        double maxX = 0;
        foreach (var group in table.GroupBy(r => (r.Transport, r.LoadPoint)))
        {
            var series = data.Results.Series.FirstOrDefault(s => s.Transport == group.Key.Transport && s.LoadPoint == group.Key.LoadPoint);
            var window = series is null ? null : MeasuredSeconds.Of(series);
            // Each second drawn at its middle: the axis runs from the window's start to its end.
            var points = group
                .Select(r => (X: window is null ? r.Second : window.PositionOf(r.Second), Y: value(r)))
                .Where(p => p.X is not null)
                .Select(p => (X: p.X!.Value + 0.5, p.Y))
                .OrderBy(p => p.X)
                .ToArray();
            if (points.Length == 0)
            {
                continue;
            }

            if (window is not null)
            {
                boundaries.UnionWith(window.Boundaries);
                maxX = Math.Max(maxX, window.Total);
            }

            maxX = Math.Max(maxX, points.Max(p => p.X) + 0.5);
            maxY = Math.Max(maxY, points.Max(p => p.Y));
            var line = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), TransportPalette.ColorOf(group.Key.Transport));
            line.LineWidth = 2;
            line.MarkerSize = 4;
            int loadIndex = Math.Max(0, loadPoints.ToList().IndexOf(group.Key.LoadPoint));
            line.LinePattern = TransportPalette.PatternOf(loadIndex);
        }

        foreach (int boundary in boundaries)
        {
            // Where one round's window ends and the next one's begins; the drain between them is left out.
            plot.Add.VerticalLine(boundary, 1, Colors.Gray, LinePattern.Dotted);
        }

        plot.Axes.SetLimitsX(0, Math.Max(maxX, 1));
        plot.Axes.SetLimitsY(0, maxY > 0 ? maxY * 1.15 : 1);
        if (maxY == 0)
        {
            var note = plot.Add.Text(nothing, maxX * 0.02, 0.5);
            note.LabelFontSize = 18;
            note.LabelFontColor = Colors.DimGray;
            note.LabelAlignment = Alignment.MiddleLeft;
        }

        TransportLegend(plot, data, loadPoints, "load", Alignment.UpperRight);
        return plot;
    }

    internal static Plot? ConnectionCost(ReportData data)
    {
        var costs = ConnectionCosts.From(data);
        if (costs.Count == 0)
        {
            return null;
        }

        var plot = NewPlot("Connection cost: new (cold) versus reused (warm)", string.Empty, "Median time (ms)");
        var groups = ConnectionCosts.Groups.Where(g => costs.Any(c => c.Values.GetValueOrDefault(g) > 0)).ToList();
        var transports = data.Transports;
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        var bars = new List<Bar>();
        for (int g = 0; g < groups.Count; g++)
        {
            double center = g * (transports.Count + 1) + ((transports.Count - 1) / 2.0);
            ticks.AddMajor(center, groups[g]);
            for (int t = 0; t < transports.Count; t++)
            {
                var cost = costs.FirstOrDefault(c => c.Transport == transports[t]);
                if (cost is null || !cost.Values.TryGetValue(groups[g], out double ms))
                {
                    continue;
                }

                bars.Add(new Bar
                {
                    Position = g * (transports.Count + 1) + t,
                    Value = ms,
                    FillColor = TransportPalette.ColorOf(transports[t]),
                    // A median of a few requests is barely one: the label says over how many.
                    Label = cost.Counts.TryGetValue(groups[g], out long n) ? $"{Format.Ms(ms)} (n {Format.Count(n)})" : Format.Ms(ms),
                });
            }
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 13;
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Margins(bottom: 0);
        plot.Axes.SetLimitsY(0, Math.Max(bars.Count == 0 ? 1 : bars.Max(b => b.Value) * 1.2, 0.01));
        TransportLegend(plot, data, [], string.Empty, Alignment.UpperLeft);
        return plot;
    }
}
