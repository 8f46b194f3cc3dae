using System.Globalization;
using Harness.Load.Results;
using Harness.Reports.Claims;

namespace Harness.Reports;

/// <summary>Number and verdict formatting shared by the HTML and Markdown summaries.</summary>
internal static class Format
{
    /// <summary>
    /// "p99", "p99.9", "p99.9999": a percentile's label with every decimal it was given (up to ten), so
    /// a claim on p99.9999 is never shown as p100, which no claim may name.
    /// </summary>
    public static string Percentile(double percentile) => "p" + percentile.ToString("0.##########", CultureInfo.InvariantCulture);

    /// <summary>Three significant figures (two decimals below 1 ms); chosen on the rounded value, so 9.999 is "10.0", not "10.00"; ∞ unbounded.</summary>
    public static string Ms(double? value) => value switch
    {
        null => "–",
        double v when double.IsNaN(v) => "–",
        // Unbounded (an interval reaching failed requests, counted as +∞), not absent: never "–" nor "Infinity".
        double v when double.IsInfinity(v) => v > 0 ? "∞" : "−∞",
        double v when Math.Round(Math.Abs(v), 1) >= 100 => v.ToString("0", CultureInfo.InvariantCulture),
        double v when Math.Round(Math.Abs(v), 2) >= 10 => v.ToString("0.0", CultureInfo.InvariantCulture),
        double v => v.ToString("0.00", CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Figures read side by side (a latency table's row or cell), all at the decimals the smallest
    /// needs: hundredths below 10 ms, tenths below 1 s (so the sub-ms differences the answer reports
    /// stay visible), whole ms above; one precision per row, never "10.00 / 10.9". "–" for a missing one.
    /// </summary>
    public static string[] MsAlike(params double?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var present = values.OfType<double>().Where(v => !double.IsNaN(v)).Select(Math.Abs).ToList();
        if (present.Count == 0)
        {
            return [.. values.Select(_ => "–")];
        }

        double smallest = present.Min();
        string format = Math.Round(smallest, 2) < 10 ? "0.00" : Math.Round(smallest, 1) < 1000 ? "0.0" : "0";
        return [.. values.Select(v => v is double d && !double.IsNaN(d) ? d.ToString(format, CultureInfo.InvariantCulture) : "–")];
    }

    /// <summary>The error bound with its parts: "±0.84 ms (lag p99 0.62 + fake p99 0.22)"; "not probed" without lag samples.</summary>
    public static string Resolution(Harness.Clients.HarnessResolution r) => r.LagSamples == 0 && r.FakeLateP99Ms is null
        ? "not probed"
        : $"±{Ms(r.BoundMs)} ms (lag p99 {Ms(r.LagP99Ms)}" + (r.FakeLateP99Ms is double f ? $" + fake p99 {Ms(f)})" : ")");

    /// <summary>
    /// What a resolution is made of, for verdicts that name it: "the harness's scheduling lag p99 0.12 ms,
    /// the embedded fake's lateness p99 0.27 ms and the histograms' step 0.064 ms".
    /// </summary>
    public static string ResolutionParts(Harness.Clients.HarnessResolution r, double stepMs, string whose = "the harness's", string histograms = "the histograms'") =>
        string.Create(CultureInfo.InvariantCulture, $"{whose} scheduling lag p99 {r.LagP99Ms:0.###} ms")
        + (r.FakeLateP99Ms is double f ? string.Create(CultureInfo.InvariantCulture, $", the embedded fake's lateness p99 {f:0.###} ms") : string.Empty)
        + string.Create(CultureInfo.InvariantCulture, $" and {histograms} step {stepMs:0.###} ms");

    /// <summary>The harness's own pauses in a series' window, to follow its resolution: "; 2 pauses (1 the machine standing still) up to 24.6 ms, TTFT of 10/80 and e2e of 3/80 may be delayed" (e2e when any); empty without any.</summary>
    public static string Pauses(Harness.Load.Results.HarnessPauses? p) => p is null || p.Count == 0
        ? string.Empty
        : string.Create(CultureInfo.InvariantCulture, $"; {p.Count} pause{(p.Count == 1 ? string.Empty : "s")}{p.MachineShare()} up to {Ms(p.MaxMs)} ms, TTFT of {p.TtftDelayed}/{p.TtftMeasured}{(p.E2eDelayed > 0 ? $" and e2e of {p.E2eDelayed}/{p.E2eMeasured}" : string.Empty)} may be delayed");

    /// <summary>A difference in ms with its sign (<c>+1.2</c>, <c>−0.50</c>, <c>+∞</c> unbounded); "–" when absent.</summary>
    public static string SignedMs(double? value) => value is double v && !double.IsNaN(v)
        ? (v >= 0 ? "+" : "−") + Ms(Math.Abs(v))
        : "–";

    /// <summary>
    /// A claim's estimate in its own unit, to three decimals as <c>verify</c> prints it, so a figure
    /// beside a threshold never rounds onto it: "100.607 ms", "20.388%", "1,950.5 tokens/s"; "–" when absent.
    /// </summary>
    public static string ClaimEstimate(ClaimVerdict v) => ClaimFigure(v, v.Unit == "ms" ? v.EstimateMs : v.Estimate);

    /// <summary>A claim's 95% interval in its own unit: "[100.35, 100.927] ms", "[0%, 20.388%]"; "–" when it has none.</summary>
    public static string ClaimInterval(ClaimVerdict v)
    {
        var (low, high) = v.Unit == "ms" ? (v.CiLowMs, v.CiHighMs) : (v.CiLow, v.CiHigh);
        if (low is not double l || high is not double h)
        {
            return "–";
        }

        return v.Unit switch
        {
            "%" => $"[{ClaimFigure(v, l)}, {ClaimFigure(v, h)}]",
            _ => $"[{ClaimNumber(l)}, {ClaimNumber(h)}] {v.Unit}",
        };
    }

    private static string ClaimFigure(ClaimVerdict v, double? value) => value switch
    {
        null => "–",
        double x when v.Unit == "%" => ClaimNumber(x) + "%",
        double x => $"{ClaimNumber(x)} {v.Unit}",
    };

    private static string ClaimNumber(double value) => double.IsInfinity(value)
        ? (value > 0 ? "∞" : "−∞")
        : value.ToString("#,0.###", CultureInfo.InvariantCulture);

    public static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>Dollars: cents and up to two more digits ("$0.33", "$1,234.5678"); below a cent its first figures ("$0.000042"), nothing as "$0.00".</summary>
    public static string Money(double value) => value.ToString(value is > 0 and < 0.01 ? "$0.0#####" : "$#,0.00##", CultureInfo.InvariantCulture);

    public static string Percent(double? share) => share is null ? "–" : (share.Value * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string RelativePercent(double share) => (share * 100).ToString(share < 0.01 ? "0.##" : "0.#", CultureInfo.InvariantCulture) + "%";

    public static string Status(VerdictStatus status) => status switch
    {
        VerdictStatus.Met => "met",
        VerdictStatus.NotMet => "NOT met",
        _ => "inconclusive",
    };

    public static string StatusIcon(VerdictStatus status) => status switch
    {
        VerdictStatus.Met => "✅",
        VerdictStatus.NotMet => "❌",
        _ => "⚠️",
    };

    public static string Network(ClaimVerdict v) => v.NetworkRoundTripMs is null
        ? "–"
        : $"RTT ≈ {Ms(v.NetworkRoundTripMs)} ms ({Percent(v.NetworkShare)}), server ≈ {Ms(v.ServerTimeMs)} ms";

    /// <summary>Where a series' output-token counts came from: "usage 118, counted by o200k_base 2"; "–" for older results.</summary>
    public static string TokenSources(OutputTokenAccounting? a)
    {
        if (a is null)
        {
            return "–";
        }

        var parts = new List<string>();
        if (a.FromUsage > 0)
        {
            parts.Add($"usage {Count(a.FromUsage)}");
        }

        if (a.Counted > 0)
        {
            parts.Add($"counted by {a.Tokenizer} {Count(a.Counted)}");
        }

        if (a.FromDeltas > 0)
        {
            parts.Add($"content deltas {Count(a.FromDeltas)}");
        }

        return parts.Count == 0 ? "no output" : string.Join(", ", parts);
    }

    /// <summary>The usage-vs-tokenizer mismatch of a series: "3 of 120 differ (mean 1.2%, max 5%; usage 6,000 vs counted 6,010)"; "–" when nothing was compared.</summary>
    public static string Mismatch(OutputTokenAccounting? a) => a is not { Compared: > 0 }
        ? "–"
        : a.Mismatched == 0
            ? $"none of {Count(a.Compared)} differ"
            : $"{Count(a.Mismatched)} of {Count(a.Compared)} differ (mean {RelativePercent(a.MeanRelativeDifference)}, max {RelativePercent(a.MaxRelativeDifference)}; usage {Count(a.UsageTokens)} vs counted {Count(a.CountedTokens)})";

    public static string Load(Harness.Load.Results.SeriesResult s) => s.Concurrency is int c
        ? $"{s.LoadPoint} ({c} concurrent{(s.Connections == "cold" ? ", cold" : string.Empty)})"
        : s.RatePerSecond is double r ? $"{s.LoadPoint} ({r.ToString("0.##", CultureInfo.InvariantCulture)}/s)" : s.LoadPoint;
}
