using System.Globalization;
using System.Net;
using System.Text;
using Harness.Load.Results;
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
        bool errors = ShowErrors(decision);
        html.Append("<table class=\"decision\"><tr><th class=\"l\">load</th>");
        html.Append(errors ? "<th class=\"l\">errors</th>" : string.Empty);
        html.Append(string.Concat(TransportDecider.Questions.Select(q => $"<th class=\"l\">{E(Title(q.Metric, q.Percentile))}</th>")));
        html.AppendLine("</tr>");
        foreach (var point in decision.LoadPoints)
        {
            html.Append($"<tr><td class=\"l\">{E(point.Load)}</td>");
            if (errors)
            {
                html.Append($"<td class=\"l {(point.Errors?.Worse.Count > 0 ? "notmet" : "tie")}\">{E(point.Errors?.Answer ?? string.Empty)}</td>");
            }

            foreach (var (metric, percentile) in TransportDecider.Questions)
            {
                var m = point.Metrics.FirstOrDefault(d => d.Metric == metric && d.Percentile == percentile);
                html.Append(m is null
                    ? $"<td class=\"l\">{E(NotRecorded(metric))}</td>"
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
        bool errors = ShowErrors(decision);
        md.AppendLine("| load | " + (errors ? "errors | " : string.Empty) + string.Join(" | ", TransportDecider.Questions.Select(q => Title(q.Metric, q.Percentile))) + " |");
        md.AppendLine("|---|" + (errors ? "---|" : string.Empty) + string.Concat(TransportDecider.Questions.Select(_ => "---|")));
        foreach (var point in decision.LoadPoints)
        {
            var cells = TransportDecider.Questions.Select(q => point.Metrics.FirstOrDefault(d => d.Metric == q.Metric && d.Percentile == q.Percentile) is { } m
                ? (m.Others.Any(o => o.Detectable) ? "**" + m.Answer + "**" : m.Answer)
                : NotRecorded(q.Metric));
            string errorCell = !errors ? string.Empty
                : point.Errors is { Worse.Count: > 0 } e ? $"**{e.Answer}** | " : $"{point.Errors?.Answer} | ";
            md.AppendLine($"| {point.Load} | {errorCell}{string.Join(" | ", cells)} |");
        }

        md.AppendLine();
        md.AppendLine($"<sub>{decision.Method}</sub>");
        return md.ToString();
    }

    /// <summary>
    /// The table in one sentence: failures first (which transport failed more where, or that every
    /// request failed), then which transport was detectably faster in how many of the answers, and
    /// each reason the others were not decided, counted (a longer run cures only too few samples).
    /// <paramref name="inReport"/>: above the table it speaks of; otherwise of the report's table (a terminal's last lines).
    /// </summary>
    public static string InShort(TransportDecision decision, bool inReport = true)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.RunFailed is { } failed)
        {
            return $"In short: not decided at all: {failed}.";
        }

        var moreFailures = decision.LoadPoints.Where(p => p.Errors is { Worse.Count: > 0 }).Select(p =>
        {
            var e = p.Errors!;
            var best = e.Transports.Single(t => t.Transport == e.MostReliable);
            var worse = e.Transports.Where(t => e.Worse.Contains(t.Transport)).ToList();
            return Invariant($"{string.Join(" and ", worse.Select(w => $"{TransportPalette.LabelOf(w.Transport)} failed {w.Failed} of {w.Ended}"))} requests at {p.LoadPoint} against {TransportPalette.LabelOf(best.Transport)}'s {best.Failed} of {best.Ended}");
        }).ToList();
        string failures = moreFailures.Count == 0 ? string.Empty : $"{string.Join("; ", moreFailures)}; ";
        var answers = decision.LoadPoints.SelectMany(p => p.Metrics.Where(m => m.Measured).Select(m => (p.LoadPoint, Decision: m))).ToList();
        var saturated = decision.LoadPoints.Where(p => p.Saturation is not null).Select(p => p.LoadPoint).ToList();
        var faster = answers.Where(a => a.Decision.Others.Any(o => o.Detectable)).ToList();
        if (faster.Count == 0 && saturated.Count > 0 && saturated.Count == decision.LoadPoints.Count)
        {
            return $"In short: {failures}not decided at all: the harness was saturated at every load point ({string.Join(", ", saturated)}), so this run cannot say which transport is faster.";
        }

        if (answers.Count == 0)
        {
            return $"In short: {failures}nothing was measured that could answer it.";
        }

        // Each reason counted and named once here rather than in each cell: the table has to fit the first screen.
        string reasons = string.Concat(Enum.GetValues<UndecidedReason>().Select(reason =>
        {
            var those = answers.Where(a => !a.Decision.Others.Any(o => o.Detectable) && a.Decision.Undecided.Contains(reason)).ToList();
            return those.Count == 0 ? string.Empty : Invariant($"; {those.Count} {Why(reason, those.Select(a => a.Decision).ToList(), those.Select(a => a.LoadPoint).Distinct().ToList())}");
        }));
        if (faster.Count == 0)
        {
            return Invariant($"In short: {failures}no transport faster in any of the {answers.Count} answers {(inReport ? "below" : "in the report")}{reasons}{Bounded(answers)}.");
        }

        var byTransport = faster.GroupBy(a => a.Decision.Fastest).OrderByDescending(g => g.Count())
            .Select(g => Invariant($"{TransportPalette.LabelOf(g.Key)} faster in {g.Count()}"));
        return Invariant($"In short: {failures}{string.Join(", ", byTransport)} of the {answers.Count} answers {(inReport ? "below (bold)" : "in the report")}, none in the other {answers.Count - faster.Count}{reasons}{Bounded(answers)}.");
    }

    // Where none was faster, how close they were (MetricDecision.BoundMs: the widest 95% interval plus
    // the resolution): what a user choosing between them can rely on. Short: the section must fit the first screen.
    private static string Bounded(List<(string LoadPoint, MetricDecision Decision)> answers)
    {
        var bounded = answers.Where(a => a.Decision.BoundMs is not null).ToList();
        if (bounded.Count == 0)
        {
            return string.Empty;
        }

        var widest = bounded.MaxBy(a => a.Decision.BoundMs)!;
        return Invariant($"; {(bounded.Count == answers.Count ? "all" : "where bounded, all")} within {Format.Ms(widest.Decision.BoundMs)} ms of the fastest (widest: {Title(widest.Decision.Metric, widest.Decision.Percentile)} at {widest.LoadPoint})");
    }

    // Each reason in words, with what would cure it: only too few samples yields to a longer run.
    private static string Why(UndecidedReason reason, List<MetricDecision> answers, List<string> loadPoints)
    {
        switch (reason)
        {
            case UndecidedReason.FewSamples:
                double times = answers.Where(d => d.SampleSize > 0).Select(d => ClaimVerifier.TimesAsLong(d.SampleSize, d.MinimumSamples)).DefaultIfEmpty(0).Max();
                return "lacked the samples their percentile needs" + (times > 0 ? Invariant($" (a run about {times:0.#}× as long would do)") : string.Empty);
            case UndecidedReason.Failures:
                return "not decided: a transport failed requests, so its latency covers only what succeeded (fix the failures first)";
            case UndecidedReason.Saturated:
                return $"not decided: the harness was saturated at {string.Join(" and ", loadPoints)} and its lag could make the difference (a longer run does not cure that; a less loaded client may)";
            case UndecidedReason.FakeStall:
                return "not decided: the embedded fake fell behind its schedule (another run on a quieter machine may decide it; below p99, so may a longer one, whose samples one stall reaches fewer of)";
            case UndecidedReason.MachineStandstill:
                return "not decided: the machine stood still (another run may decide it)";
            case UndecidedReason.HarnessPauses:
                return $"not decided: the harness's own pauses {PausedVerb(answers)} the {string.Join(" and ", answers.Select(a => a.Metric).Distinct().Select(TransportDecider.MetricLabel))} p99";
            case UndecidedReason.NotStreamed:
                return "not decided: answers came all at once, not streamed, so their gaps between tokens time a relay's writes (see above)";
            case UndecidedReason.NotSteadyAcrossRounds:
                return "not steady across rounds (more rounds narrow the t interval)";
            default:
                return "within the harness's resolution";
        }
    }

    // TTFT and e2e tails the pauses made (each request's own times say); ITL tails they may have made (a bound).
    private static string PausedVerb(List<MetricDecision> answers) =>
        answers.All(a => HarnessPauses.JudgesRequests(a.Metric)) ? "made"
        : answers.Any(a => HarnessPauses.JudgesRequests(a.Metric)) ? "made or may have made"
        : "may have made";

    // A question no transport recorded at a load point (one token per request has no gap): said, not left blank.
    private static string NotRecorded(string metric) =>
        $"not measured: no transport recorded {TransportDecider.MetricLabel(metric)} samples here";

    // The errors column shows where failures bear on the answer (a transport failed more, or failures
    // kept a cell undecided), so that a run with a few failures each keeps the table on the first screen.
    private static bool ShowErrors(TransportDecision decision) => decision.LoadPoints.Any(p =>
        p.Errors is { Worse.Count: > 0 } || p.Metrics.Any(m => m.Undecided.Contains(UndecidedReason.Failures)));

    private static string Resolution(TransportDecision decision) =>
        Invariant($"Resolution: the harness's own scheduling lag p99 was {decision.ResolutionMs:0.##} ms")
        + (decision.FakeLateP99Ms is double late ? Invariant($" and the embedded fake wrote its tokens up to {late:0.##} ms late (p99, in its worst series)") : string.Empty)
        + ": a difference within a series' ± resolution (the latency table's sum of those) is the harness's noise, not the transports'."
        + Saturated(decision)
        + Stalls(decision)
        + Standstills(decision)
        + Remeasured(decision)
        + PausedTails(decision);

    private static string Saturated(TransportDecision decision) => string.Concat(decision.LoadPoints
        .Where(p => p.Saturation is not null)
        .Select(p => $" ⚠ The harness was saturated at {p.LoadPoint} ({p.Saturation!.Describe()}): its lag may have moved either transport's figures there, so a difference is called only when its interval clears both transports' lag (each its worst round's lag p99) besides the resolution."));

    private static string Stalls(TransportDecision decision) => decision.Stalls.Count == 0
        ? string.Empty
        : Invariant($" ⚠ The embedded fake fell behind its schedule: more than 0.1% of its tokens left over {decision.SaturationThresholdMs:0.##} ms late in ")
            + string.Join(", ", decision.Stalls.Select(s => Invariant($"{s.Transport} {s.LoadPoint} (p99.9 {s.P999Ms:0.#} ms, max {s.MaxMs:0.#} ms{InRounds(s)}{Where(s, decision.SaturationThresholdMs)})")))
            + ". Such a delay reaches every request in flight at that moment, more than the lag p99 shows: those series' tail percentiles may hold the harness's delay, not the transport's, so their load points' p99 cells are not decided (the medians too where one wave in flight was half a series' samples)."
            + (decision.Stalls.Any(s => s.Rounds.Count > 0 && s.Rounds.Count < s.RoundCount) ? " A stall in some rounds and not others is the machine's, not the transport's: another run may decide them." : string.Empty);

    private static string Standstills(TransportDecision decision) => decision.Standstills.Count == 0
        ? string.Empty
        : " ⚠ The machine stood still: the harness's own real-time thread woke more than "
            + Invariant($"{decision.SaturationThresholdMs:0.##} ms late in ")
            + string.Join(", ", decision.Standstills.Select(s => Invariant($"{s.Transport} {s.LoadPoint} (up to {s.MaxMs:0.#} ms)")))
            + ". Such a stall delays every request in flight, so those series' tail percentiles may hold it, not the transport's delay: their load points' p99 cells are not decided (another run may decide them).";

    private static string Remeasured(TransportDecision decision) => decision.Remeasured.Count == 0
        ? string.Empty
        : " Measured again, because the machine stood still in the measurement set aside: "
            + string.Join("; ", decision.Remeasured.Select(r => Invariant($"{r.Transport} {r.LoadPoint} round {r.Round} of {r.RoundCount} ({Cause(r.Because)})")))
            + $". Such a stall reaches every request in flight and is the machine's, not the transport's; the measurements set aside are in results.json (series' setAside) and {Harness.Load.Results.ResultsDirectory.SetAsideDirectory}/, not in these figures.";

    // MachineStall.Lead said once for the whole list: only the rest per round.
    private static string Cause(string because) =>
        because.StartsWith(Harness.Load.Results.MachineStall.Lead, StringComparison.Ordinal) ? because[Harness.Load.Results.MachineStall.Lead.Length..] : because;

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
        : " ⚠ The harness's own pauses (garbage collections, or the machine standing still, stopping every thread, the embedded fake's too) made or may have made tails: "
            + string.Join("; ", decision.PausedTails.Select(p => HarnessPauses.JudgesRequests(p.Metric)
                ? Invariant($"{p.Transport} {p.LoadPoint} {TransportDecider.MetricLabel(p.Metric)} p99 {p.P99Ms:0.#} ms, {p.UndelayedP99Ms:0.#} ms without the {p.Delayed} of {p.Measured} requests a pause (up to {p.MaxPauseMs:0.#} ms) may have delayed")
                : Invariant($"{p.Transport} {p.LoadPoint} ITL p99 {p.P99Ms:0.#} ms, as low as {p.UndelayedP99Ms:0.#} ms without the up to {p.Delayed} of {p.Measured} gaps a pause (up to {p.MaxPauseMs:0.#} ms) may have widened")))
            + ". Those p99 figures may be the harness's, not the transport's.";

    private static string Title(string metric, double percentile) =>
        Invariant($"{TransportDecider.MetricLabel(metric)} p{percentile:0.###}");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
