using System.Globalization;
using System.Text.RegularExpressions;
using Harness.Load.Results;

namespace Harness.Reports.Claims;

/// <summary>
/// A latency claim such as <c>ttft p95 &lt; 50ms</c>: a metric, a percentile, a comparison and a
/// threshold (kept in milliseconds whatever unit it was written in).
/// </summary>
public sealed partial record LatencyClaim : Claim
{
    /// <summary>The metric name (<see cref="MetricNames"/>): connect, tls, ttfb, ttfc, ttft, itl, tpot, e2e.</summary>
    public required string Metric { get; init; }

    /// <summary>The percentile, 0 &lt; p &lt; 100 (95 for p95, 99.9 for p99.9).</summary>
    public required double Percentile { get; init; }

    /// <summary>The comparison.</summary>
    public required ClaimComparison Comparison { get; init; }

    /// <summary>The threshold in milliseconds.</summary>
    public required double ThresholdMs { get; init; }

    /// <summary>The metrics a claim may name.</summary>
    public static IReadOnlyList<string> Metrics { get; } =
        [MetricNames.Connect, MetricNames.Tls, MetricNames.Ttfb, MetricNames.Ttfc, MetricNames.Ttft, MetricNames.Itl, MetricNames.Tpot, MetricNames.EndToEnd, MetricNames.Arrival];

    /// <summary>The percentile label: <c>p95</c>, <c>p99.9</c>.</summary>
    public string PercentileLabel => Format.Percentile(Percentile);

    /// <summary>The operator as text.</summary>
    public string Operator => Comparison == ClaimComparison.LessThan ? "<" : "<=";

    /// <inheritdoc />
    public override string Subject => Metric;

    /// <summary>The canonical form, e.g. <c>ttft p95 &lt; 50 ms</c>.</summary>
    public override string Canonical =>
        $"{Metric} {PercentileLabel} {Operator} {ThresholdMs.ToString("0.###", CultureInfo.InvariantCulture)} ms";

    /// <summary>Whether a value satisfies the comparison.</summary>
    public bool IsSatisfiedBy(double valueMs) =>
        Comparison == ClaimComparison.LessThan ? valueMs < ThresholdMs : valueMs <= ThresholdMs;

    /// <summary>Parses <c>METRIC pNN OP NUMBER[UNIT]</c>, e.g. <c>ttft p95 &lt; 50ms</c>, <c>e2e p99.9 &lt;= 2 s</c>.</summary>
    /// <exception cref="FormatException">The text is not a claim; the message says what is wrong.</exception>
    public static new LatencyClaim Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = ClaimPattern().Match(text.Trim());
        if (!match.Success)
        {
            throw new FormatException(
                $"cannot read claim '{text}': expected METRIC PERCENTILE OP VALUE, e.g. \"ttft p95 < 50ms\" (metrics: {string.Join(", ", Metrics)}; op < or <=; units ms, s, us)");
        }

        string metric = match.Groups["metric"].Value.ToLowerInvariant();
        if (!Metrics.Contains(metric))
        {
            throw new FormatException($"unknown metric '{metric}' in claim '{text}' (metrics: {string.Join(", ", Metrics)})");
        }

        double percentile = double.Parse(match.Groups["pct"].Value, CultureInfo.InvariantCulture);
        if (percentile is <= 0 or >= 100)
        {
            throw new FormatException($"percentile p{match.Groups["pct"].Value} in claim '{text}' must be between 0 and 100 (exclusive)");
        }

        double value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        double scale = UnitScale(match.Groups["unit"].Value);
        if (value <= 0)
        {
            throw new FormatException($"threshold in claim '{text}' must be positive");
        }

        return new LatencyClaim
        {
            Metric = metric,
            Percentile = percentile,
            Comparison = match.Groups["op"].Value == "<=" ? ClaimComparison.LessThanOrEqual : ClaimComparison.LessThan,
            ThresholdMs = value * scale,
            Text = text.Trim(),
        };
    }

    /// <summary>Milliseconds per unit: s, ms (or none), us.</summary>
    internal static double UnitScale(string unit) => unit.ToLowerInvariant() switch
    {
        "s" => 1000,
        "us" or "µs" => 0.001,
        _ => 1, // ms, or no unit: milliseconds
    };

    [GeneratedRegex(@"^(?<metric>[a-z0-9_]+)\s+p(?<pct>\d+(\.\d+)?)\s*(?<op><=|<)\s*(?<value>\d+(\.\d+)?)\s*(?<unit>ms|s|us|µs)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClaimPattern();
}
