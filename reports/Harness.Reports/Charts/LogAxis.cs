using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Harness.Reports.Charts;

/// <summary>
/// A logarithmic latency axis: ScottPlot 5 plots log10 of the values, and these ticks label the
/// positions with the real values (1, 2, 5, 10, 20, 50 ... ms).
/// </summary>
internal static class LogAxis
{
    public static double ToAxis(double value) => Math.Log10(Math.Max(value, 1e-6));

    public static void ApplyX(Plot plot, double minValue, double maxValue)
    {
        double low = Math.Floor(ToAxis(minValue));
        double high = Math.Ceiling(ToAxis(maxValue));
        if (high <= low)
        {
            high = low + 1;
        }

        var ticks = new NumericManual();
        for (double decade = low; decade <= high; decade++)
        {
            foreach (int step in new[] { 1, 2, 5 })
            {
                double value = Math.Pow(10, decade) * step;
                ticks.AddMajor(Math.Log10(value), Format(value));
            }

            for (int step = 3; step <= 9; step++)
            {
                if (step != 5)
                {
                    ticks.AddMinor(Math.Log10(Math.Pow(10, decade) * step));
                }
            }
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        // A little room either side of the data, but never past the labelled decades.
        double pad = (ToAxis(maxValue) - ToAxis(minValue)) * 0.05 + 0.02;
        plot.Axes.SetLimitsX(Math.Max(low, ToAxis(minValue) - pad), Math.Min(high + 0.31, ToAxis(maxValue) + pad));
    }

    public static string Format(double value) => value switch
    {
        >= 1 => value.ToString("0.##", CultureInfo.InvariantCulture),
        >= 0.01 => value.ToString("0.###", CultureInfo.InvariantCulture),
        _ => value.ToString("0.#####", CultureInfo.InvariantCulture),
    };
}
