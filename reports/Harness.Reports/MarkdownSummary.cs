using System.Text;
using Harness.Load.Results;
using Harness.Reports.Claims;
using Harness.Reports.Decision;

namespace Harness.Reports;

/// <summary>
/// <c>summary.md</c>: short enough for a pull-request comment or <c>$GITHUB_STEP_SUMMARY</c>:
/// which transport is faster (the decision), saturation warning, verdicts, one percentile table, errors, tokens and cost; settings and the
/// machine folded in a details block.
/// </summary>
public static class MarkdownSummary
{
    /// <summary>The metrics of the summary table, in order.</summary>
    public static IReadOnlyList<string> TableMetrics { get; } =
        [MetricNames.Connect, MetricNames.Ttfb, MetricNames.Ttft, MetricNames.Itl, MetricNames.EndToEnd];

    /// <summary>Renders the Markdown.</summary>
    public static string Render(ReportSummary summary, ReportData data)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(data);
        var md = new StringBuilder();
        md.AppendLine($"## Streaming latency: {string.Join(" vs ", data.Transports.Select(TransportPalette.LabelOf))} — {Escape(summary.Name)}");
        md.AppendLine();
        if (summary.FailureWarning is not null)
        {
            // First: a run that failed whole measured the failure, and saturation or latency follow from it.
            md.AppendLine($"> [!CAUTION]\n> **The run failed: {Escape(summary.FailureWarning)}.**");
            md.AppendLine();
        }

        if (summary.BufferedWarning is not null)
        {
            md.AppendLine($"> [!WARNING]\n> **Not streamed: {Escape(summary.BufferedWarning)}.**");
            md.AppendLine();
        }

        if (summary.SaturationWarning is not null)
        {
            md.AppendLine($"> [!WARNING]\n> **{Escape(summary.SaturationWarning)}**");
            md.AppendLine();
        }

        if (PartialRunNote.Shown(summary))
        {
            md.AppendLine($"> **Partial run**: {PartialRunNote.Of(summary)}");
            md.AppendLine();
        }

        md.AppendLine($"Target: {Escape(summary.Target)} · model `{summary.Model}` · {summary.StartedUtc:yyyy-MM-dd HH:mm:ss} UTC · {Escape(summary.Machine.Cpu)}, {summary.Machine.Cores} cores");
        md.AppendLine();
        if (summary.Decision is { } decision)
        {
            md.AppendLine(DecisionSection.Markdown(decision));
        }

        if (summary.Verdicts is { Verdicts.Count: > 0 } verdicts)
        {
            md.AppendLine($"### Claims: {Format.StatusIcon(verdicts.Overall)} {Format.Status(verdicts.Overall)}");
            md.AppendLine();
            md.AppendLine("| claim | transport | load | verdict | estimate | 95% CI | n | why | network vs server |");
            md.AppendLine("|---|---|---|---|---:|---|---:|---|---|");
            foreach (var v in verdicts.Verdicts)
            {
                md.AppendLine($"| `{v.Claim}` | {v.Transport} | {v.LoadPoint} | {Format.StatusIcon(v.Status)} {Format.Status(v.Status)} | {Format.ClaimEstimate(v)} | {Format.ClaimInterval(v)} | {Format.Count(v.SampleSize)} | {Escape(v.Reason)} | {Format.Network(v)} |");
            }

            md.AppendLine();
            md.AppendLine($"<sub>{BootstrapMethod.Description}</sub>");
            md.AppendLine();
        }

        md.AppendLine("### Latency (ms): p50 / p95 / p99");
        md.AppendLine();
        md.AppendLine("| transport | load | requests | " + string.Join(" | ", TableMetrics) + " | errors | ± resolution |");
        md.AppendLine("|---|---|---:|" + string.Concat(TableMetrics.Select(_ => "---:|")) + "---:|---|");
        foreach (var s in Ordered(summary.Series))
        {
            // A metric measured on fewer requests than the series ran (connect on pooled connections,
            // or failed requests) says on how many, as the HTML table's n column does.
            var cells = TableMetrics.Select(m => s.Metrics.TryGetValue(m, out var ms) && ms.Count > 0
                ? string.Join(" / ", Format.MsAlike(ms.P50, ms.P95, ms.P99)) + (ms.Count < s.Requests ? $" (n {Format.Count(ms.Count)})" : string.Empty)
                : "–");
            md.AppendLine($"| **{s.Transport}** | {s.LoadPoint} | {Format.Count(s.Requests)} | {string.Join(" | ", cells)} | {Format.Count(s.Errors)} | {Escape(Format.Resolution(s.Resolution) + Format.Pauses(s.HarnessPauses))} |");
        }

        md.AppendLine();
        var outcomes = summary.Series.SelectMany(s => s.Outcomes.Where(o => o.Value > 0 && SeriesResult.IsError(o.Key))).ToList();
        if (outcomes.Count > 0)
        {
            md.AppendLine("Errors by outcome: " + string.Join(", ", outcomes.GroupBy(o => o.Key).Select(g => $"{g.Key} {Format.Count(g.Sum(o => o.Value))}")));
        }
        else
        {
            md.AppendLine("Errors by outcome: none.");
        }

        if (summary.Series.Sum(s => s.Outcomes.GetValueOrDefault(Harness.Clients.OutcomeNames.ToName(Harness.Clients.RequestOutcome.Stopped))) is long stopped and > 0)
        {
            md.AppendLine();
            md.AppendLine($"Stopped: {Format.Count(stopped)} {(stopped == 1 ? "request" : "requests")} cut off by the interruption, counted in requests but neither as ok nor as errors.");
        }

        md.AppendLine();
        md.Append($"Tokens: {Format.Count(summary.OutputTokens)} output");
        md.Append(summary.InputTokens is long input ? $", {Format.Count(input)} input" : string.Empty);
        if (summary.Cost is { } cost)
        {
            md.Append($" · cost {Format.Money(cost.TotalCost)} at `{cost.PriceKey}` prices");
            md.Append(cost.CostPerMillionTokens is double perMillion ? $" ({Format.Money(perMillion)} per million tokens)" : string.Empty);
        }

        md.AppendLine(summary.CostNote is null ? "." : $" ({summary.CostNote}).");
        md.AppendLine();
        AppendTokenAccounting(md, summary.Series);
        AppendCharts(md, summary.Charts);
        md.AppendLine("<details><summary>Settings and machine</summary>");
        md.AppendLine();
        md.AppendLine("| setting | value |");
        md.AppendLine("|---|---|");
        foreach (var (key, value) in summary.Settings.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            md.AppendLine($"| {Escape(key)} | {Escape(value)} |");
        }

        md.AppendLine($"| machine | {Escape(summary.Machine.Host)}: {Escape(summary.Machine.Os)}, {Escape(summary.Machine.Cpu)}, {summary.Machine.Cores} cores, {Escape(summary.Machine.Runtime)} |");
        md.AppendLine($"| harness saturation | {(summary.Saturation.Saturated ? "SATURATED" : "not saturated")}: {Escape(summary.Saturation.Describe())} |");
        md.AppendLine();
        md.AppendLine("</details>");
        return md.ToString();
    }

    /// <summary>The charts beside this file (summary.json's list), linked by their relative paths: PNG, with the SVG next to it.</summary>
    private static void AppendCharts(StringBuilder md, IReadOnlyList<string> charts)
    {
        var pngs = charts.Where(c => c.EndsWith(".png", StringComparison.OrdinalIgnoreCase)).ToList();
        if (pngs.Count == 0)
        {
            return;
        }

        string Link(string png)
        {
            string svg = Path.ChangeExtension(png, ".svg");
            string name = Path.GetFileNameWithoutExtension(png);
            return $"[{name}]({png})" + (charts.Contains(svg) ? $" ([svg]({svg}))" : string.Empty);
        }

        md.AppendLine("Charts: " + string.Join(" · ", pngs.Select(Link)));
        md.AppendLine();
    }

    /// <summary>Where output-token counts came from, and the usage-vs-tokenizer mismatch report when both were there.</summary>
    private static void AppendTokenAccounting(StringBuilder md, IReadOnlyList<SeriesResult> series)
    {
        var known = Ordered(series).Where(s => s.TokenAccounting is not null).ToList();
        if (known.Count == 0)
        {
            return;
        }

        md.AppendLine("Output tokens per request from the server's usage when it sent one, else the tokenizer's count of the streamed text (tokens/s and goodput use the same counts): "
            + string.Join("; ", known.Select(s => $"{s.Transport} {s.LoadPoint}: {Format.TokenSources(s.TokenAccounting)}")) + ".");
        md.AppendLine();
        var compared = known.Where(s => s.TokenAccounting!.Compared > 0).ToList();
        if (compared.Count == 0)
        {
            return;
        }

        // A fact, not a verdict: a model with another tokenizer, hidden reasoning or a counted end token differs honestly.
        bool any = compared.Any(s => s.TokenAccounting!.Mismatched > 0);
        md.AppendLine(any
            ? $"Usage vs tokenizer ({compared[0].TokenAccounting!.Tokenizer}): the server's usage differs from the tokenizer's count of the streamed text in some requests."
            : $"Usage vs tokenizer ({compared[0].TokenAccounting!.Tokenizer}): the server's usage equals the tokenizer's count of the streamed text in every request.");
        md.AppendLine();
        md.AppendLine("| transport | load | usage vs counted |");
        md.AppendLine("|---|---|---|");
        foreach (var s in compared)
        {
            md.AppendLine($"| **{s.Transport}** | {s.LoadPoint} | {Format.Mismatch(s.TokenAccounting)} |");
        }

        md.AppendLine();
    }

    internal static IEnumerable<SeriesResult> Ordered(IEnumerable<SeriesResult> series) =>
        series.OrderBy(s => TransportPalette.OrderOf(s.Transport)).ThenBy(s => s.Transport, StringComparer.Ordinal)
            .ThenBy(s => s.Concurrency ?? s.RatePerSecond ?? double.MaxValue);

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
