using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.Reports.Diff;

/// <summary>
/// How much slower a candidate may be before <c>diff</c> fails: a share of the baseline's percentile
/// (<c>10%</c>) or an absolute time (<c>5ms</c>, <c>0.5s</c>, <c>500us</c>).
/// </summary>
public sealed partial record RegressionLimit
{
    /// <summary>The default: 10% of the baseline.</summary>
    public static RegressionLimit Default { get; } = Parse("10%");

    /// <summary>The limit as written.</summary>
    public required string Text { get; init; }

    /// <summary>True for a share of the baseline, false for an absolute time.</summary>
    public bool IsRelative { get; init; }

    /// <summary>The share (0.1 for 10%) or the time in milliseconds.</summary>
    public double Value { get; init; }

    /// <summary>
    /// The limit in milliseconds for a baseline percentile of <paramref name="baselineMs"/>: a share of a
    /// baseline among failed requests (+∞) is +∞, 0% included.
    /// </summary>
    public double LimitMs(double baselineMs) => !IsRelative
        ? Value
        : double.IsPositiveInfinity(baselineMs) ? double.PositiveInfinity : Value * baselineMs; // 0 × ∞ is NaN, which no interval is within.

    /// <summary>Reads <c>10%</c>, <c>5ms</c>, <c>0.5s</c>, <c>500us</c> (no unit: milliseconds).</summary>
    /// <exception cref="FormatException">Anything else, or a negative value.</exception>
    public static RegressionLimit Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = LimitPattern().Match(text.Trim());
        if (!match.Success)
        {
            throw new FormatException($"cannot read --max-regression '{text}': expected a share of the baseline (10%) or a time (5ms, 0.5s, 500us)");
        }

        double value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        string unit = match.Groups["unit"].Value.ToLowerInvariant();
        return unit == "%"
            ? new RegressionLimit { Text = text.Trim(), IsRelative = true, Value = value / 100.0 }
            : new RegressionLimit
            {
                // Shown in the gate's header: a bare number is milliseconds, so say so.
                Text = unit.Length == 0 ? match.Groups["value"].Value + " ms" : text.Trim(),
                Value = value * unit switch
                {
                    "s" => 1000,
                    "us" or "µs" => 0.001,
                    _ => 1,
                },
            };
    }

    [GeneratedRegex(@"^(?<value>\d+(\.\d+)?)\s*(?<unit>%|ms|s|us|µs)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex LimitPattern();
}
