using System.Globalization;
using System.Net;
using System.Text;
using Harness.Load.Results;
using Harness.Reports.Charts;
using Harness.Reports.Claims;
using Harness.Reports.Decision;

namespace Harness.Reports;

/// <summary>
/// <c>index.html</c>: one self-contained page (charts as PNG data: URIs, inline CSS, no script, no
/// network) with the answer first (which transport is faster per load point), then the saturation status, verdicts, transports side by side, charts,
/// errors, tokens and cost, settings and the machine.
/// </summary>
public static class HtmlReport
{
    private static readonly (string Label, Func<MetricSummary, double> Value)[] s_columns =
    [
        ("p50", m => m.P50), ("p90", m => m.P90), ("p95", m => m.P95), ("p99", m => m.P99), ("p99.9", m => m.P999),
    ];

    /// <summary>Renders the page.</summary>
    public static string Render(ReportSummary summary, ReportData data, IReadOnlyList<RenderedChart> charts)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(charts);
        var transports = data.Transports;
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">");
        html.AppendLine($"<title>{E(summary.Name)}: {E(string.Join(" vs ", transports.Select(TransportPalette.LabelOf)))}</title>");
        html.AppendLine("<style>");
        html.AppendLine("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px auto;max-width:1960px;padding:0 16px;color:#222}h1{font-size:1.6em;margin:0 0 .5em}");
        html.AppendLine("table{border-collapse:collapse;margin:8px 0 20px}th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f3f3f3}td.l,th.l{text-align:left}");
        html.AppendLine(".banner{padding:14px 18px;border-radius:6px;font-size:1.3em;font-weight:bold;margin:12px 0}.bad{background:#fde2e1;border:2px solid #c0392b;color:#8e1b10}.ok{background:#e6f4ea;border:1px solid #2e7d32;color:#1b5e20;font-size:1em;font-weight:normal}");
        html.AppendLine(".charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(640px,1fr));gap:16px}figure{margin:0;border:1px solid #ddd;padding:8px;border-radius:6px}figure img{width:100%;height:auto}figcaption{color:#555;font-size:.9em}");
        html.AppendLine(".met{color:#1b5e20;font-weight:bold}.notmet{color:#b71c1c;font-weight:bold}.inconclusive{color:#8a6d00;font-weight:bold}.tie{color:#555}table.decision td{max-width:300px;font-size:.85em}.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;vertical-align:middle}table.side th,table.side td{padding:3px 5px;font-size:.9em}");
        html.AppendLine("</style>\n</head>\n<body>");
        html.AppendLine($"<h1>{E(summary.Name)}: {string.Join(" vs ", transports.Select(Swatch))}</h1>");
        html.AppendLine($"<p>Target <b>{E(summary.Target)}</b>, model <code>{E(summary.Model)}</code>, measured {summary.StartedUtc:yyyy-MM-dd HH:mm:ss} to {summary.EndedUtc:HH:mm:ss} UTC on {E(summary.Machine.Host)} ({E(summary.Machine.Cpu)}, {summary.Machine.Cores} cores).</p>");
        if (summary.FailureWarning is not null)
        {
            // Before the answer: a run that failed whole measured the failure, and saturation or latency follow from it.
            html.AppendLine($"<div class=\"banner bad\" id=\"failed\">✖ The run failed: {E(summary.FailureWarning)}.</div>");
        }

        if (summary.BufferedWarning is not null)
        {
            html.AppendLine($"<div class=\"banner bad\" id=\"buffered\">⚠ Not streamed: {E(summary.BufferedWarning)}.</div>");
        }

        if (summary.Decision is { } decision)
        {
            // The answer first: the question a person opens the report with.
            html.Append(DecisionSection.Html(decision));
        }

        if (summary.SaturationWarning is not null)
        {
            html.AppendLine($"<div class=\"banner bad\" id=\"saturation\">⚠ {E(summary.SaturationWarning)}</div>");
        }
        else if (!summary.Saturation.Saturated)
        {
            html.AppendLine($"<div class=\"banner ok\" id=\"saturation\">Harness not saturated: {E(summary.Saturation.Describe())}.</div>");
        }

        if (PartialRunNote.Shown(summary))
        {
            html.AppendLine($"<div class=\"banner bad\">Partial run: {E(PartialRunNote.Of(summary))}</div>");
        }

        AppendVerdicts(html, summary.Verdicts);
        AppendSideBySide(html, data, transports);
        html.AppendLine("<h2>Charts</h2>\n<div class=\"charts\">");
        foreach (var chart in charts)
        {
            string png = Convert.ToBase64String(File.ReadAllBytes(chart.PngPath));
            html.AppendLine($"<figure id=\"{chart.Id}\"><img class=\"chart\" alt=\"{E(chart.Title)}\" width=\"{chart.Width}\" height=\"{chart.Height}\" src=\"data:image/png;base64,{png}\">");
            html.AppendLine($"<figcaption><b>{E(chart.Title)}.</b> {E(chart.Caption)} (<a href=\"{E(Relative(data, chart.SvgPath))}\">SVG</a>: vector copy; it draws dashed lines solid)</figcaption></figure>");
        }

        html.AppendLine("</div>");
        AppendOutcomes(html, data);
        AppendTokens(html, summary);
        AppendSettings(html, summary);
        html.AppendLine("</body>\n</html>");
        return html.ToString();
    }

    private static void AppendVerdicts(StringBuilder html, VerdictFile? verdicts)
    {
        if (verdicts is not { Verdicts.Count: > 0 })
        {
            return;
        }

        html.AppendLine($"<h2 id=\"verdicts\">Claims: <span class=\"{Css(verdicts.Overall)}\">{Format.Status(verdicts.Overall)}</span></h2>");
        html.AppendLine("<table><tr><th class=\"l\">claim</th><th class=\"l\">transport</th><th class=\"l\">load</th><th class=\"l\">verdict</th><th>estimate</th><th>95% CI</th><th>n</th><th class=\"l\">network vs server</th><th class=\"l\">why</th></tr>");
        foreach (var v in verdicts.Verdicts)
        {
            html.AppendLine($"<tr><td class=\"l\"><code>{E(v.Claim)}</code></td><td class=\"l\">{Swatch(v.Transport)}</td><td class=\"l\">{E(v.LoadPoint)}</td><td class=\"l {Css(v.Status)}\">{Format.Status(v.Status)}</td><td>{E(Format.ClaimEstimate(v))}</td><td>{E(Format.ClaimInterval(v))}</td><td>{Format.Count(v.SampleSize)}</td><td class=\"l\">{E(Format.Network(v))}</td><td class=\"l\">{E(v.Reason)}</td></tr>");
        }

        html.AppendLine($"</table>\n<p><small>{E(verdicts.Method)}</small></p>");
    }

    private static void AppendSideBySide(StringBuilder html, ReportData data, IReadOnlyList<string> transports)
    {
        html.AppendLine("<h2 id=\"percentiles\">Latency percentiles (ms), transports side by side</h2>");
        html.Append("<table class=\"side\"><tr><th class=\"l\" rowspan=\"2\">metric</th><th class=\"l\" rowspan=\"2\">load</th>");
        foreach (string t in transports)
        {
            html.Append($"<th colspan=\"{s_columns.Length + 1}\" style=\"border-top:4px solid {TransportPalette.HexOf(t)}\">{Swatch(t)}</th>");
        }

        html.Append("</tr>\n<tr>");
        foreach (string _ in transports)
        {
            html.Append(string.Concat(s_columns.Select(c => $"<th>{c.Label}</th>")) + "<th>n</th>");
        }

        html.AppendLine("</tr>");
        var metrics = MetricNames.Latencies.Where(m => data.Results.Series.Any(s => s.Metrics.TryGetValue(m, out var ms) && ms.Count > 0));
        foreach (string metric in metrics)
        {
            foreach (string loadPoint in data.LoadPoints)
            {
                html.Append($"<tr><td class=\"l\">{E(metric)}</td><td class=\"l\">{E(loadPoint)}</td>");
                var measured = transports.Select(t => data.Results.Series.FirstOrDefault(s => s.Transport == t && s.LoadPoint == loadPoint))
                    .Select(s => s is not null && s.Metrics.TryGetValue(metric, out var m) && m.Count > 0 ? m : null)
                    .ToList();
                // One precision across the row, so the transports' figures read against each other.
                string[] cells = Format.MsAlike([.. measured.OfType<MetricSummary>().SelectMany(m => s_columns.Select(c => (double?)c.Value(m)))]);
                int next = 0;
                foreach (var m in measured)
                {
                    if (m is not null)
                    {
                        html.Append(string.Concat(s_columns.Select(_ => $"<td>{cells[next++]}</td>")) + $"<td>{Format.Count(m.Count)}</td>");
                    }
                    else
                    {
                        html.Append(string.Concat(Enumerable.Repeat("<td>–</td>", s_columns.Length + 1)));
                    }
                }

                html.AppendLine("</tr>");
            }
        }

        // The harness's own error bound beside the figures: differences smaller than it are not resolved.
        foreach (string loadPoint in data.LoadPoints)
        {
            html.Append($"<tr><td class=\"l\">± resolution</td><td class=\"l\">{E(loadPoint)}</td>");
            foreach (string t in transports)
            {
                var series = data.Results.Series.FirstOrDefault(s => s.Transport == t && s.LoadPoint == loadPoint);
                html.Append(series is null ? $"<td colspan=\"{s_columns.Length + 1}\">–</td>" : $"<td colspan=\"{s_columns.Length + 1}\">{E(Format.Resolution(series.Resolution) + Format.Pauses(series.HarnessPauses))}</td>");
            }

            html.AppendLine("</tr>");
        }

        html.AppendLine("</table>");
    }

    private static void AppendOutcomes(StringBuilder html, ReportData data)
    {
        var outcomes = data.Results.Series.SelectMany(s => s.Outcomes.Keys).Distinct(StringComparer.Ordinal)
            .OrderBy(o => SeriesResult.IsError(o) ? 1 : 0).ThenBy(o => o, StringComparer.Ordinal).ToList();
        html.AppendLine("<h2 id=\"outcomes\">Requests by outcome</h2>");
        html.Append("<table><tr><th class=\"l\">transport</th><th class=\"l\">load</th><th>requests</th>");
        html.Append(string.Concat(outcomes.Select(o => $"<th>{E(o)}</th>")));
        html.AppendLine("<th>errors</th><th>late sends</th><th>retries</th></tr>");
        foreach (var s in MarkdownSummary.Ordered(data.Results.Series))
        {
            html.Append($"<tr><td class=\"l\">{Swatch(s.Transport)}</td><td class=\"l\">{E(Format.Load(s))}</td><td>{Format.Count(s.Requests)}</td>");
            html.Append(string.Concat(outcomes.Select(o => $"<td>{Format.Count(s.Outcomes.GetValueOrDefault(o))}</td>")));
            html.AppendLine($"<td>{Format.Count(s.Errors)}</td><td>{Format.Count(s.LateSends)}</td><td>{Format.Count(s.Retries)}</td></tr>");
        }

        html.AppendLine("</table>");
    }

    private static void AppendTokens(StringBuilder html, ReportSummary summary)
    {
        html.AppendLine("<h2 id=\"cost\">Tokens and cost</h2>");
        html.AppendLine("<table><tr><th class=\"l\">transport</th><th class=\"l\">load</th><th>output tokens</th><th class=\"l\">counted from (requests)</th><th class=\"l\">usage vs tokenizer</th><th>output cost</th></tr>");
        foreach (var s in summary.TokensBySeries)
        {
            html.AppendLine($"<tr><td class=\"l\">{Swatch(s.Transport)}</td><td class=\"l\">{E(s.LoadPoint)}</td><td>{Format.Count(s.OutputTokens)}</td><td class=\"l\">{E(Format.TokenSources(s.Accounting))}</td><td class=\"l\">{E(Format.Mismatch(s.Accounting))}</td><td>{(s.OutputCost is double c ? Format.Money(c) : "–")}</td></tr>");
        }

        html.AppendLine("</table>");
        var text = new StringBuilder($"Run total: {Format.Count(summary.OutputTokens)} output tokens");
        if (summary.InputTokens is long input)
        {
            text.Append($", {Format.Count(input)} input tokens");
        }

        if (summary.Cost is { } cost)
        {
            text.Append($"; cost {Format.Money(cost.TotalCost)} (input {Format.Money(cost.InputCost)}, output {Format.Money(cost.OutputCost)}) at '{cost.PriceKey}' prices");
            if (cost.CostPerMillionTokens is double perMillion)
            {
                text.Append($", {Format.Money(perMillion)} per million tokens");
            }
        }

        if (summary.CostNote is not null)
        {
            text.Append($" ({summary.CostNote})");
        }

        html.AppendLine($"<p id=\"cost-total\">{E(text.ToString())}.</p>");
    }

    private static void AppendSettings(StringBuilder html, ReportSummary summary)
    {
        html.AppendLine("<h2 id=\"settings\">Run settings and machine</h2><table>");
        foreach (var (key, value) in summary.Settings.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            html.AppendLine($"<tr><th class=\"l\">{E(key)}</th><td class=\"l\">{E(value)}</td></tr>");
        }

        var m = summary.Machine;
        html.AppendLine($"<tr><th class=\"l\">machine</th><td class=\"l\">{E(m.Host)}: {E(m.Os)}; {E(m.Cpu)}; {m.Cores} logical cores; {E(m.Runtime)}</td></tr>");
        html.AppendLine($"<tr><th class=\"l\">harness saturation</th><td class=\"l\">{(summary.Saturation.Saturated ? "SATURATED" : "not saturated")}: {E(summary.Saturation.Describe())}</td></tr>");
        html.AppendLine("</table>");
    }

    private static string Swatch(string transport) =>
        $"<span class=\"swatch\" style=\"background:{TransportPalette.HexOf(transport)}\"></span>{E(TransportPalette.LabelOf(transport))}";

    private static string Css(VerdictStatus status) => status switch
    {
        VerdictStatus.Met => "met",
        VerdictStatus.NotMet => "notmet",
        _ => "inconclusive",
    };

    private static string Relative(ReportData data, string path) => Path.GetRelativePath(data.Directory, path).Replace('\\', '/');

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
