using System.Globalization;
using Harness.Load.Results;
using Harness.Reports.Claims;

namespace Harness.Reports;

/// <summary>Number and verdict formatting shared by the HTML and Markdown summaries.</summary>
internal static class Format
{
    public static string Ms(double? value) => value switch
    {
        null => "–",
        double v when double.IsNaN(v) => "–",
        >= 100 => value.Value.ToString("0", CultureInfo.InvariantCulture),
        >= 10 => value.Value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.Value.ToString("0.00", CultureInfo.InvariantCulture),
    };

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

    /// <summary>The harness's own pauses in a series' window, to follow its resolution: "; 2 pauses up to 24.6 ms, TTFT of 10/80 may be delayed"; empty without any.</summary>
    public static string Pauses(Harness.Load.Results.HarnessPauses? p) => p is null || p.Count == 0
        ? string.Empty
        : string.Create(CultureInfo.InvariantCulture, $"; {p.Count} pause{(p.Count == 1 ? string.Empty : "s")} up to {Ms(p.MaxMs)} ms, TTFT of {p.TtftDelayed}/{p.TtftMeasured} may be delayed");

    /// <summary>A difference in ms with its sign (<c>+1.2</c>, <c>−0.50</c>); "–" when absent.</summary>
    public static string SignedMs(double? value) => value is double v && !double.IsNaN(v)
        ? (v >= 0 ? "+" : "−") + Ms(Math.Abs(v))
        : "–";

    public static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Money(double value) => value.ToString(value < 0.01 ? "$0.000000" : "$#,0.00##", CultureInfo.InvariantCulture);

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
