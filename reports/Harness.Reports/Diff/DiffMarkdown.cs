using System.Globalization;
using System.Text;
using Harness.Reports.Claims;

namespace Harness.Reports.Diff;

/// <summary>A diff as Markdown: verdict first, then one table row per series, metric and percentile.</summary>
public static class DiffMarkdown
{
    /// <summary>Renders the Markdown.</summary>
    public static string Render(DiffReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.AppendLine($"## Diff: `{report.Candidate}` against `{report.Baseline}`");
        md.AppendLine();
        if (report.Refused)
        {
            md.AppendLine("**Refused: the runs do not measure the same thing** (`--allow-mismatch` compares them anyway):");
            md.AppendLine();
            report.Mismatches.ForEach(m => md.AppendLine($"- {m}"));
            return md.ToString();
        }

        md.AppendLine($"### Gate (max regression {report.MaxRegression}): {Format.StatusIcon(report.Overall)} {Verdict(report.Overall)}");
        md.AppendLine();
        if (report.Mismatches.Count > 0)
        {
            md.AppendLine("> [!WARNING]\n> Compared with `--allow-mismatch` although the runs differ: " + string.Join("; ", report.Mismatches));
            md.AppendLine();
        }

        if (report.Advice.Count > 0)
        {
            md.AppendLine("> [!TIP]\n> " + string.Join("\n> ", report.Advice));
            md.AppendLine();
        }

        if (report.Cautions.Count > 0)
        {
            md.AppendLine("> [!CAUTION]\n> " + string.Join("\n> ", report.Cautions));
            md.AppendLine();
        }

        md.AppendLine("| transport | load | metric | pct | baseline (ms) | candidate (ms) | Δ (ms) | 95% CI of Δ (ms) | Δ % | n base/cand | finding | gate |");
        md.AppendLine("|---|---|---|---|---:|---:|---:|---|---:|---:|---|---|");
        foreach (var r in report.Rows)
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Transport} | {r.LoadPoint} | {r.Metric} | p{r.Percentile:0.###} | {Ms(r.BaselineMs)} | {Ms(r.CandidateMs)} | {Format.SignedMs(r.DifferenceMs)} | [{Format.SignedMs(r.CiLowMs)}, {Format.SignedMs(r.CiHighMs)}] | {Percent(r.RelativeChange)} | {Format.Count(r.BaselineCount)}/{Format.Count(r.CandidateCount)} | {Finding(r.Status)} | {Format.StatusIcon(r.Gate)} {Gate(r.Gate)} |"));
        }

        if (report.ErrorShares.Count > 0)
        {
            // Latency rows hold what succeeded: how much failed is its own row, so a candidate failing
            // more reads as worse, never as faster.
            md.AppendLine();
            md.AppendLine("| transport | load | failed, baseline | failed, candidate | Δ (points) | 95% CI of Δ | allowed | gate |");
            md.AppendLine("|---|---|---:|---:|---:|---|---:|---|");
            foreach (var e in report.ErrorShares)
            {
                md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {e.Transport} | {e.LoadPoint} | {Share(e.BaselineFailed, e.BaselineEnded)} | {Share(e.CandidateFailed, e.CandidateEnded)} | {Points(e.Difference)} | [{Points(e.CiLow)}, {Points(e.CiHigh)}] | +{Points(e.Allowed)} | {Format.StatusIcon(e.Gate)} {Gate(e.Gate)} |"));
            }

            report.ErrorShares.Where(e => e.Gate == VerdictStatus.NotMet).ToList().ForEach(e => md.AppendLine().AppendLine($"Failed: {e.Transport} {e.LoadPoint}: {e.Reason}"));
        }

        if (report.Unmeasured.Count > 0)
        {
            md.AppendLine();
            md.AppendLine($"Not compared: neither run measured {string.Join(", ", report.Unmeasured)}.");
        }

        if (report.NotCompared.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Not compared, and not in the gate (too few samples on both sides):");
            md.AppendLine();
            report.NotCompared.ForEach(n => md.AppendLine($"- {n.Transport} {n.LoadPoint} {n.Metric}: {n.Reason}"));
        }

        // An inconclusive gate is only useful with its reason: too few samples (and how much longer a
        // run would need), an interval straddling the limit, or one within the runs' resolution.
        var inconclusive = report.Rows.Where(r => r.Gate == VerdictStatus.Inconclusive).ToList();
        if (inconclusive.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Inconclusive, because:");
            md.AppendLine();
            inconclusive.ForEach(r => md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- {r.Transport} {r.LoadPoint} {r.Metric} p{r.Percentile:0.###}: {r.Reason}")));
        }

        md.AppendLine();
        md.AppendLine($"<sub>{ResultsDiff.Method}</sub>");
        return md.ToString();
    }

    /// <summary>The finding in words.</summary>
    public static string Finding(DiffStatus status) => status switch
    {
        DiffStatus.Regressed => "regressed",
        DiffStatus.Improved => "improved",
        DiffStatus.NoDetectableDifference => "no detectable difference",
        _ => "too few samples",
    };

    /// <summary>The overall verdict in words.</summary>
    public static string Verdict(VerdictStatus status) => status switch
    {
        VerdictStatus.Met => "passed",
        VerdictStatus.NotMet => "FAILED: a regression past the limit, or more failed requests",
        _ => "inconclusive",
    };

    private static string Share(long failed, long ended) => ended == 0
        ? "–"
        : string.Create(CultureInfo.InvariantCulture, $"{(double)failed / ended:0.###%} ({Format.Count(failed)}/{Format.Count(ended)})");

    private static string Points(double? share) => share is double v
        ? (v * 100).ToString("+0.###;−0.###;0", CultureInfo.InvariantCulture)
        : "–";

    // A percentile of +∞ is among failed requests: said, not shown as a bare ∞.
    private static string Ms(double? value) =>
        value is double.PositiveInfinity ? "∞ (failed)" : Format.Ms(value);

    // +∞ where only the candidate's percentile failed; never .NET's "Infinity".
    private static string Percent(double? share) => share switch
    {
        null => "–",
        double.PositiveInfinity => "+∞",
        double v => v.ToString("+0.#%;−0.#%;0%", CultureInfo.InvariantCulture),
    };

    private static string Gate(VerdictStatus status) => status switch
    {
        VerdictStatus.Met => "within limit",
        VerdictStatus.NotMet => "past limit",
        _ => "inconclusive",
    };
}
