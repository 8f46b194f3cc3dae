using System.Globalization;
using System.Text;

namespace Harness.Benchmarks.Gate;

/// <summary>Writes the gate's result as a Markdown table (fit for <c>$GITHUB_STEP_SUMMARY</c>).</summary>
public static class GateTable
{
    /// <summary>The table plus a one-line verdict.</summary>
    public static string ToMarkdown(GateResult result, double threshold)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder();
        sb.AppendLine("| Metric | Target | Baseline | Now | Change | Verdict |");
        sb.AppendLine("|---|---|---:|---:|---:|---|");
        foreach (var row in result.Rows)
        {
            sb.Append("| ").Append(row.Metric.Name)
                .Append(" | ").Append(row.Metric.Target)
                .Append(" | ").Append(Format(row.Metric, row.Baseline))
                .Append(" | ").Append(Format(row.Metric, row.Now))
                .Append(" | ").Append(row.Change is { } c ? c.ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture) : "")
                .Append(" | ").Append(Verdict(row))
                .AppendLine(" |");
        }

        sb.AppendLine();
        var failed = result.Rows.Where(r => r.Verdict is GateVerdict.Fail or GateVerdict.Missing).Select(r => r.Metric.Name).ToList();
        string limit = threshold.ToString("0.#%", CultureInfo.InvariantCulture);
        var wider = result.Rows.Where(r => r.Metric.MinimumThreshold > threshold).ToList();
        if (wider.Count > 0)
        {
            limit += " (" + string.Join("; ", wider.GroupBy(r => r.Metric.MinimumThreshold).Select(g =>
                $"{g.Key.ToString("0.#%", CultureInfo.InvariantCulture)} for {string.Join(", ", g.Select(r => r.Metric.Name))}")) + ")";
        }

        sb.AppendLine(failed.Count == 0
            ? $"**gate: passed** ({result.Rows.Count} metrics; ratios may worsen by at most {limit}, allocations may grow by less than {GateComparer.AllocationTolerancePerEvent} B per event)"
            : $"**gate: FAILED** ({string.Join(", ", failed)}; ratio threshold {limit}, allocation tolerance {GateComparer.AllocationTolerancePerEvent} B per event)");
        return sb.ToString();
    }

    private static string Format(GateMetric metric, double? value) => value switch
    {
        null => "—",
        { } v when metric.Kind == GateMetricKind.TimeRatio => v.ToString("0.000", CultureInfo.InvariantCulture),
        { } v => v.ToString(v >= 10 || v == 0 ? "0.#" : "0.###", CultureInfo.InvariantCulture) + " B",
    };

    private static string Verdict(GateRow row)
    {
        string verdict = row.Verdict switch
        {
            GateVerdict.Pass => "pass",
            GateVerdict.Fail => "**FAIL**",
            GateVerdict.New => "new",
            _ => "**MISSING**",
        };
        return row.Remeasured ? verdict + " (re-measured)" : verdict;
    }
}
