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
        if (ToAxis(maxValue) - ToAxis(minValue) >= 1)
        {
            // A decade or more: 1-2-5 labels, the other integers as minor ticks; over more than three
            // decades a decade is too narrow for three labels ("0.0010.002"), so only its 1 is labelled.
            bool wide = ToAxis(maxValue) - ToAxis(minValue) > 3;
            foreach (double decade in Decades(low, high))
            {
                for (int m = 1; m <= 9; m++)
                {
                    double value = Math.Pow(10, decade) * m;
                    if (m == 1 || (!wide && m is 2 or 5))
                    {
                        ticks.AddMajor(Math.Log10(value), Format(value));
                    }
                    else
                    {
                        ticks.AddMinor(Math.Log10(value));
                    }
                }
            }
        }
        else
        {
            // Under a decade the log scale is nearly linear: evenly spaced round values read best.
            double step = NiceStep((maxValue - minValue) / 6);
            for (double value = Math.Floor(minValue / step) * step; value <= maxValue + step; value += step)
            {
                if (value > 0)
                {
                    ticks.AddMajor(Math.Log10(value), Format(Math.Round(value, 6)));
                    ticks.AddMinor(Math.Log10(value + (step / 2)));
                }
            }
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        // A little room either side of the data, but never past the labelled decades.
        double pad = (ToAxis(maxValue) - ToAxis(minValue)) * 0.05 + 0.02;
        plot.Axes.SetLimitsX(Math.Max(low, ToAxis(minValue) - pad), Math.Min(high + 0.31, ToAxis(maxValue) + pad));
    }

    private static double NiceStep(double rough)
    {
        if (rough <= 0)
        {
            return 1;
        }

        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double fraction = rough / magnitude;
        double nice = fraction switch { <= 1 => 1, <= 2 => 2, <= 2.5 => 2.5, <= 5 => 5, _ => 10 };
        return nice * magnitude;
    }

    private static IEnumerable<double> Decades(double low, double high)
    {
        for (double decade = low; decade <= high; decade++)
        {
            yield return decade;
        }
    }

    public static string Format(double value) => value switch
    {
        >= 1 => value.ToString("0.##", CultureInfo.InvariantCulture),
        >= 0.01 => value.ToString("0.###", CultureInfo.InvariantCulture),
        _ => value.ToString("0.#####", CultureInfo.InvariantCulture),
    };
}
