using System.Globalization;
using System.Net;
using System.Text;
using Harness.Reports.Claims;

namespace Harness.Reports.Decision;

/// <summary>
/// The report's first section, in HTML and Markdown from one <see cref="TransportDecision"/>, so the
/// page and summary.md say the same: one row per load point, one column per deciding percentile.
/// </summary>
public static class DecisionSection
{
    /// <summary>The section's element id in index.html.</summary>
    public const string Id = "decision";

    /// <summary>The section's heading.</summary>
    public const string Heading = "Which transport is faster";

    /// <summary>The HTML section.</summary>
    public static string Html(TransportDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var html = new StringBuilder();
        html.AppendLine($"<section id=\"{Id}\"><h2>{Heading}</h2>");
        html.AppendLine($"<p><strong>{E(InShort(decision))}</strong></p>");
        html.AppendLine($"<p>{E(Resolution(decision))}</p>");
        html.Append("<table class=\"decision\"><tr><th class=\"l\">load</th>");
        html.Append(string.Concat(TransportDecider.Questions.Select(q => $"<th class=\"l\">{E(Title(q.Metric, q.Percentile))}</th>")));
        html.AppendLine("</tr>");
        foreach (var point in decision.LoadPoints)
        {
            html.Append($"<tr><td class=\"l\">{E(point.Load)}</td>");
            foreach (var (metric, percentile) in TransportDecider.Questions)
            {
                var m = point.Metrics.FirstOrDefault(d => d.Metric == metric && d.Percentile == percentile);
                html.Append(m is null
                    ? "<td class=\"l\">not measured</td>"
                    : $"<td class=\"l {(m.Others.Any(o => o.Detectable) ? "met" : "tie")}\">{E(m.Answer)}</td>");
            }

            html.AppendLine("</tr>");
        }

        // The method folds away so that the answer, its resolution and the table fill the first screen.
        html.AppendLine($"</table>\n<details><summary><small>How a transport is called faster</small></summary><p><small>{E(decision.Method)}</small></p></details></section>");
        return html.ToString();
    }

    /// <summary>The Markdown section.</summary>
    public static string Markdown(TransportDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var md = new StringBuilder();
        md.AppendLine($"### {Heading}");
        md.AppendLine();
        md.AppendLine($"**{InShort(decision)}**");
        md.AppendLine();
        md.AppendLine(Resolution(decision));
        md.AppendLine();
        md.AppendLine("| load | " + string.Join(" | ", TransportDecider.Questions.Select(q => Title(q.Metric, q.Percentile))) + " |");
        md.AppendLine("|---|" + string.Concat(TransportDecider.Questions.Select(_ => "---|")));
        foreach (var point in decision.LoadPoints)
        {
            var cells = TransportDecider.Questions.Select(q => point.Metrics.FirstOrDefault(d => d.Metric == q.Metric && d.Percentile == q.Percentile) is { } m
                ? (m.Others.Any(o => o.Detectable) ? "**" + m.Answer + "**" : m.Answer)
                : "not measured");
            md.AppendLine($"| {point.Load} | {string.Join(" | ", cells)} |");
        }

        md.AppendLine();
        md.AppendLine($"<sub>{decision.Method}</sub>");
        return md.ToString();
    }

    /// <summary>
    /// The table in one sentence: which transport was detectably faster in how many of the answers, and
    /// how many could not be decided for want of samples (with how much longer a run would need). <paramref name="inReport"/>: above
    /// the table it speaks of; otherwise of the report's table (a terminal's last lines).
    /// </summary>
    public static string InShort(TransportDecision decision, bool inReport = true)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var saturated = decision.LoadPoints.Where(p => p.Saturation is not null).Select(p => p.LoadPoint).ToList();
        if (saturated.Count > 0 && saturated.Count == decision.LoadPoints.Count)
        {
            return $"In short: not decided at all: the harness was saturated at every load point ({string.Join(", ", saturated)}), so this run cannot say which transport is faster.";
        }

        // Saturated load points are left out of the counts and named once at the end.
        var answers = decision.LoadPoints.Where(p => p.Saturation is null).SelectMany(p => p.Metrics.Select(m => (p.LoadPoint, Decision: m))).ToList();
        string notDecided = saturated.Count == 0 ? string.Empty
            : $"; the answer{(saturated.Count > 1 ? "s" : string.Empty)} at {string.Join(" and ", saturated)} not decided: the harness was saturated there";
        if (answers.Count == 0)
        {
            return $"In short: nothing was measured that could answer it{notDecided}.";
        }

        var faster = answers.Where(a => a.Decision.Others.Any(o => o.Detectable)).ToList();
        // Said once here rather than in each cell: the table has to fit the first screen.
        var lacking = answers.Select(a => a.Decision).Where(d => d.SampleSize < d.MinimumSamples).ToList();
        double times = lacking.Where(d => d.SampleSize > 0).Select(d => ClaimVerifier.TimesAsLong(d.SampleSize, d.MinimumSamples)).DefaultIfEmpty(0).Max();
        string few = lacking.Count == 0 ? string.Empty
            : Invariant($"; {lacking.Count} lacked the samples their percentile needs")
                + (times > 0 ? Invariant($" (a run about {times:0.#}× as long would do)") : string.Empty);
        if (faster.Count == 0)
        {
            return Invariant($"In short: no transport faster in any of the {answers.Count} answers {(inReport ? "below" : "in the report")}{few}{notDecided}.");
        }

        var byTransport = faster.GroupBy(a => a.Decision.Fastest).OrderByDescending(g => g.Count())
            .Select(g => Invariant($"{TransportPalette.LabelOf(g.Key)} faster in {g.Count()}"));
        return Invariant($"In short: {string.Join(", ", byTransport)} of the {answers.Count} answers {(inReport ? "below (bold)" : "in the report")}, none in the other {answers.Count - faster.Count}{few}{notDecided}.");
    }

    private static string Resolution(TransportDecision decision) =>
        Invariant($"Resolution: the harness's own scheduling lag p99 was {decision.ResolutionMs:0.##} ms")
        + (decision.FakeLateP99Ms is double late ? Invariant($" and the embedded fake wrote its tokens up to {late:0.##} ms late (p99, in its worst series)") : string.Empty)
        + ": a difference within a series' ± resolution (the latency table's sum of those) is the harness's noise, not the transports'."
        + Saturated(decision)
        + Stalls(decision)
        + PausedTails(decision);

    private static string Saturated(TransportDecision decision) => string.Concat(decision.LoadPoints
        .Where(p => p.Saturation is not null)
        .Select(p => $" ⚠ The harness was saturated at {p.LoadPoint} ({p.Saturation!.Describe()}): its differences there describe the client, not the transports, so none is decided."));

    private static string Stalls(TransportDecision decision) => decision.Stalls.Count == 0
        ? string.Empty
        : Invariant($" ⚠ The embedded fake fell behind its schedule: more than 0.1% of its tokens left over {decision.SaturationThresholdMs:0.##} ms late in ")
            + string.Join(", ", decision.Stalls.Select(s => Invariant($"{s.Transport} {s.LoadPoint} (p99.9 {s.P999Ms:0.#} ms, max {s.MaxMs:0.#} ms{InRounds(s)}{Where(s, decision.SaturationThresholdMs)})")))
            + ". Such a delay reaches every request in flight at that moment, more than the lag p99 shows: those series' tail percentiles may hold the harness's delay, not the transport's, so their load points' p99 cells are not decided."
            + (decision.Stalls.Any(s => s.Rounds.Count > 0 && s.Rounds.Count < s.RoundCount) ? " A stall in some rounds and not others is the machine's, not the transport's: another run may decide them." : string.Empty);

    // Where the delay was, from how late the fake's scheduler thread itself released the tokens.
    private static string Where(FakeStall stall, double thresholdMs) => stall.SchedulerMaxMs switch
    {
        null => string.Empty,
        double late when late > thresholdMs => Invariant($"; its scheduler thread itself released up to {late:0.#} ms late: the whole process or the machine stood still"),
        double late => Invariant($"; its scheduler thread released on time (at most {late:0.##} ms late): the delay came after, in the thread pool or behind an earlier write still flushing"),
    };

    private static string InRounds(FakeStall stall) => stall.Rounds.Count == 0
        ? string.Empty
        : Invariant($"; in round{(stall.Rounds.Count > 1 ? "s" : string.Empty)} {string.Join(", ", stall.Rounds)} of {stall.RoundCount}");

    private static string PausedTails(TransportDecision decision) => decision.PausedTails.Count == 0
        ? string.Empty
        : " ⚠ The harness's own pauses (garbage collections that stop every thread, the embedded fake's too) made TTFT tails: "
            + string.Join("; ", decision.PausedTails.Select(p => Invariant($"{p.Transport} {p.LoadPoint} TTFT p99 {p.TtftP99Ms:0.#} ms, {p.UndelayedP99Ms:0.#} ms without the {p.Delayed} of {p.Measured} requests a pause (up to {p.MaxPauseMs:0.#} ms) may have delayed")))
            + ". Those TTFT p99 figures are the harness's, not the transport's.";

    private static string Title(string metric, double percentile) =>
        Invariant($"{(metric == "e2e" ? "e2e" : metric.ToUpperInvariant())} p{percentile:0.###}");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
