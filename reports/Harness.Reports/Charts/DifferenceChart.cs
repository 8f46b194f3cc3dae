using System.Globalization;
using Harness.Reports.Diff;
using Harness.Reports.Overhead;
using ScottPlot;

namespace Harness.Reports.Charts;

/// <summary>
/// The percentile ladder of a difference: one line per series and metric over the percentiles, with
/// its 95% interval as a shaded band, zero and the limit (or the claims' thresholds) drawn across. A
/// band clear of zero is a detectable difference; a band clear of the limit is a verdict. Drawn for
/// <c>diff</c> (candidate − baseline; a colour per transport) and for <c>overhead</c> (via − direct;
/// a colour per metric, the claimed ones heavier with their thresholds in their colour, and the
/// percentiles with too few samples ringed).
/// </summary>
public static class DifferenceChart
{
    /// <summary>Renders a diff's rows as a PNG at <paramref name="pngPath"/>; false when no row has an interval.</summary>
    public static bool Save(DiffReport report, string pngPath)
    {
        ArgumentNullException.ThrowIfNull(report);
        // A row whose difference is ±∞ (a percentile among failed requests) has no point to draw, and
        // an unbounded side of an interval no band edge: as an absent one.
        var ladders = report.Rows.Where(r => r.DifferenceMs is double d && double.IsFinite(d))
            .GroupBy(r => (r.Transport, r.LoadPoint, r.Metric))
            .Select((g, i) => new Ladder($"{g.Key.Transport} {g.Key.LoadPoint} {g.Key.Metric}", TransportPalette.ColorOf(g.Key.Transport), TransportPalette.PatternOf(i), Claimed: false, [.. g.OrderBy(r => r.Percentile).Select(r => new Rung(r.Percentile, r.DifferenceMs!.Value, Finite(r.CiLowMs), Finite(r.CiHighMs), Enough: true))]))
            .ToList();
        var limits = report.Rows.Select(r => Finite(r.LimitMs)).OfType<double>().Distinct().ToList();
        var lines = limits.Count == 1 ? [new Threshold(limits[0], string.Create(CultureInfo.InvariantCulture, $"limit +{limits[0]:0.###} ms"), Colors.DarkRed)] : new List<Threshold>();
        string title = $"Difference: {Path.GetFileName(report.Candidate.TrimEnd('/'))} − {Path.GetFileName(report.Baseline.TrimEnd('/'))}";
        return Save(Build(title, "candidate − baseline (ms)", ladders, lines), pngPath);
    }

    /// <summary>Renders an overhead's metrics as a PNG at <paramref name="pngPath"/>, with each claim's threshold; false when no metric has an interval.</summary>
    public static bool Save(OverheadReport report, string pngPath) => Save(ChartOf(report), pngPath);

    /// <summary>The overhead's chart (what <see cref="Save(OverheadReport, string)"/> renders), or null when no metric has an interval; the tests read its plottables.</summary>
    internal static Plot? ChartOf(OverheadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        // One colour per metric (the transport is the title's): the claimed metric's line is found
        // by its colour and weight, and its threshold is drawn in the same colour.
        var claimed = report.Claims.Select(c => c.Metric).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var ladders = report.Metrics
            .Select(m => new Ladder(
                $"{report.Transport} {report.LoadPoint} {m.Metric}{(claimed.Contains(m.Metric) ? " (claimed)" : string.Empty)}",
                ColorOfMetric(m.Metric),
                LinePattern.Solid,
                claimed.Contains(m.Metric),
                [.. m.Percentiles.Where(p => p.OverheadMs is double).OrderBy(p => p.Percentile).Select(p => new Rung(p.Percentile, p.OverheadMs!.Value, p.CiLowMs, p.CiHighMs, p.Enough))]))
            .Where(l => l.Rungs.Count > 0)
            .ToList();
        var lines = report.Claims.GroupBy(c => (Metric: c.Metric.ToLowerInvariant(), c.ThresholdMs))
            .Select(g => new Threshold(g.Key.ThresholdMs, "claim " + string.Join(", ", g.Select(c => c.Claim).Distinct()), ColorOfMetric(g.Key.Metric)))
            .ToList();
        return Build($"Overhead of the relay ({report.Transport}): via − direct", "via − direct (ms)", ladders, lines);
    }

    private static bool Save(Plot? plot, string pngPath)
    {
        if (plot is null)
        {
            return false;
        }

        plot.SavePng(pngPath, ReportCharts.Width, ReportCharts.Height);
        return true;
    }

    private static Plot? Build(string title, string yLabel, List<Ladder> ladders, List<Threshold> lines)
    {
        if (ladders.Count == 0)
        {
            return null;
        }

        var plot = new Plot();
        plot.Title(title, size: 18);
        plot.XLabel("percentile", size: 16);
        plot.YLabel(yLabel, size: 16);
        foreach (var ladder in ladders)
        {
            double[] xs = [.. ladder.Rungs.Select(r => Nines(r.Percentile))];
            var color = ladder.Color;
            if (ladder.Rungs.Count > 1)
            {
                var band = plot.Add.FillY(xs, [.. ladder.Rungs.Select(r => r.Low ?? double.NaN)], [.. ladder.Rungs.Select(r => r.High ?? double.NaN)]);
                band.FillColor = color.WithAlpha(0.18);
                band.LineWidth = 0;
            }

            var line = plot.Add.Scatter(xs, [.. ladder.Rungs.Select(r => r.Estimate)], color);
            line.LineWidth = ladder.Claimed ? 4f : 2.5f;
            line.MarkerSize = ladder.Claimed ? 9 : 7;
            line.LinePattern = ladder.Pattern;
            line.LegendText = ladder.Label;
            if (ladder.Rungs.Count == 1 && ladder.Rungs[0] is { Low: double low, High: double high })
            {
                // A single percentile has no band to shade: its interval as an error bar.
                var bar = plot.Add.Line(xs[0], low, xs[0], high);
                bar.LineColor = color;
                bar.LineWidth = 6;
            }
        }

        // A percentile with too few samples for its interval is undecided: ringed, as the table marks it "(too few)".
        var undecided = ladders.SelectMany(l => l.Rungs).Where(r => !r.Enough).ToList();
        if (undecided.Count > 0)
        {
            double[] x = [.. undecided.Select(r => Nines(r.Percentile))], y = [.. undecided.Select(r => r.Estimate)];
            var rings = plot.Add.Scatter(x, y, Colors.Black);
            rings.LineWidth = 0;
            rings.MarkerShape = MarkerShape.OpenCircle;
            rings.MarkerSize = 16;
            rings.MarkerLineWidth = 2;
            rings.LegendText = "too few samples: undecided";
        }

        plot.Add.HorizontalLine(0, 1, Colors.Black);
        foreach (var threshold in lines)
        {
            var limit = plot.Add.HorizontalLine(threshold.Value, 1.5f, threshold.Color, LinePattern.Dashed);
            limit.LegendText = threshold.Label;
        }

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (double p in ladders.SelectMany(l => l.Rungs).Select(r => r.Percentile).Distinct().Order())
        {
            ticks.AddMajor(Nines(p), Format.Percentile(p));
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    private static double? Finite(double? value) => value is double v && double.IsFinite(v) ? v : null;

    // Percentiles spread by their nines (p50 0.3, p90 1, p99 2, p99.9 3), so the tail is not crushed.
    private static double Nines(double percentile) => -Math.Log10(1 - (percentile / 100.0));

    // Okabe–Ito colours (grey for connect), told apart with the common colour-vision deficiencies.
    private static Color ColorOfMetric(string metric) => Color.FromHex(metric.ToLowerInvariant() switch
    {
        "connect" => "#999999",
        "tls" => "#F0E442",
        "ttfb" => "#56B4E9",
        "ttft" => "#D55E00",
        "itl" => "#009E73",
        "e2e" => "#CC79A7",
        _ => "#000000",
    });

    private sealed record Rung(double Percentile, double Estimate, double? Low, double? High, bool Enough);

    private sealed record Ladder(string Label, Color Color, LinePattern Pattern, bool Claimed, List<Rung> Rungs);

    private sealed record Threshold(double Value, string Label, Color Color);
}
