using System.Globalization;
using Harness.Reports.Diff;
using ScottPlot;

namespace Harness.Reports.Charts;

/// <summary>
/// The percentile ladder of a difference (candidate − baseline): one line per series and metric over
/// the percentiles, with its 95% interval as a shaded band, zero and the limit drawn across. A band
/// clear of zero is a detectable difference; a band clear of the limit is a verdict.
/// </summary>
public static class DifferenceChart
{
    /// <summary>Renders a diff's rows as a PNG at <paramref name="pngPath"/>; false when no row has an interval.</summary>
    public static bool Save(DiffReport report, string pngPath)
    {
        ArgumentNullException.ThrowIfNull(report);
        var groups = report.Rows.Where(r => r.DifferenceMs is double d && !double.IsNaN(d))
            .GroupBy(r => (r.Transport, r.LoadPoint, r.Metric)).ToList();
        if (groups.Count == 0)
        {
            return false;
        }

        var plot = new Plot();
        plot.Title($"Difference: {Path.GetFileName(report.Candidate.TrimEnd('/'))} − {Path.GetFileName(report.Baseline.TrimEnd('/'))}", size: 18);
        plot.XLabel("percentile", size: 16);
        plot.YLabel("candidate − baseline (ms)", size: 16);
        int index = 0;
        foreach (var group in groups)
        {
            var rows = group.OrderBy(r => r.Percentile).ToList();
            double[] xs = [.. rows.Select(r => Nines(r.Percentile))];
            var color = TransportPalette.ColorOf(group.Key.Transport);
            if (rows.Count > 1)
            {
                var band = plot.Add.FillY(xs, [.. rows.Select(r => r.CiLowMs ?? double.NaN)], [.. rows.Select(r => r.CiHighMs ?? double.NaN)]);
                band.FillColor = color.WithAlpha(0.18);
                band.LineWidth = 0;
            }

            var line = plot.Add.Scatter(xs, [.. rows.Select(r => r.DifferenceMs!.Value)], color);
            line.LineWidth = 2.5f;
            line.MarkerSize = 7;
            line.LinePattern = TransportPalette.PatternOf(index++ % 4);
            line.LegendText = $"{group.Key.Transport} {group.Key.LoadPoint} {group.Key.Metric}";
            if (rows.Count == 1)
            {
                // A single percentile has no band to shade: its interval as an error bar.
                var bar = plot.Add.Line(xs[0], rows[0].CiLowMs!.Value, xs[0], rows[0].CiHighMs!.Value);
                bar.LineColor = color;
                bar.LineWidth = 6;
            }
        }

        plot.Add.HorizontalLine(0, 1, Colors.Black);
        var limits = report.Rows.Where(r => r.LimitMs is double).Select(r => r.LimitMs!.Value).Distinct().ToList();
        if (limits.Count == 1)
        {
            var limit = plot.Add.HorizontalLine(limits[0], 1.5f, Colors.DarkRed, LinePattern.Dashed);
            limit.LegendText = string.Create(CultureInfo.InvariantCulture, $"limit +{limits[0]:0.###} ms");
        }

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (double p in report.Rows.Select(r => r.Percentile).Distinct().Order())
        {
            ticks.AddMajor(Nines(p), "p" + p.ToString("0.###", CultureInfo.InvariantCulture));
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        plot.ShowLegend(Edge.Right);
        plot.SavePng(pngPath, ReportCharts.Width, ReportCharts.Height);
        return true;
    }

    // Percentiles spread by their nines (p50 0.3, p90 1, p99 2, p99.9 3), so the tail is not crushed.
    private static double Nines(double percentile) => -Math.Log10(1 - (percentile / 100.0));
}
