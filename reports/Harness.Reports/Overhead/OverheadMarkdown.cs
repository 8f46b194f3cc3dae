using System.Globalization;
using System.Text;
using Harness.Core;
using Harness.Load.Results;
using Harness.Reports.Claims;

namespace Harness.Reports.Overhead;

/// <summary>An overhead run as Markdown: what was measured, the claims' verdicts, then the figures per metric.</summary>
public static class OverheadMarkdown
{
    /// <summary>Renders the Markdown.</summary>
    public static string Render(OverheadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.AppendLine($"## Overhead: `{report.Via}` against `{report.Direct}`");
        md.AppendLine();
        md.AppendLine(Invariant($"{report.Transport}, {Load(report.LoadPoint)}, {report.Connections} connections, {report.DurationSeconds:0.#} s: {Plural.Of(report.Pairs, "pair")} ({report.ViaFirstPairs} through the relay first){(report.SkippedPairs > 0 ? $", {report.SkippedPairs} skipped (too many in flight)" : string.Empty)}{(report.Partial ? "; stopped early, partial" : string.Empty)}."));
        md.AppendLine();
        if (report.HeldBack is { } heldBack)
        {
            md.AppendLine($"⚠️ Held back: {heldBack}.");
            md.AppendLine();
        }

        if (report.Connections == "warm" && report.Metrics.Find(m => m.Metric == MetricNames.Connect) is { } connect)
        {
            // A side that opens a connection for most requests of a warm run is refusing keep-alive:
            // its figures carry a connection setup each, which a warm run is meant to leave out.
            foreach (var (side, count) in new[] { ("via", connect.ViaCount), ("direct", connect.DirectCount) })
            {
                if (report.Pairs > 0 && count * 2 > report.Pairs)
                {
                    md.AppendLine(Invariant($"⚠️ Warm connections were asked, but {count} of {report.Pairs} requests {(side == "via" ? "through the relay" : "to the direct endpoint")} opened a new connection: {(side == "via" ? "the relay" : "the endpoint")} does not keep connections alive, so its figures include a connection setup each."));
                    md.AppendLine();
                }
            }
        }

        if (report.Pauses is { Count: > 0 } pauses)
        {
            md.AppendLine(Invariant($"The harness paused {pauses.Count} times ({pauses.Collections} garbage collections{(pauses.MachineCount is > 0 and long machine ? $", {machine} the machine standing still" : string.Empty)}, longest {pauses.MaxMs:0.#} ms): one may have delayed a first token or an end in {report.PairsDelayed} of {report.Pairs} pairs, on either side; a TTFB, TTFT or e2e verdict those pairs decide is inconclusive{(report.GapsWidened is { } gaps ? $"; they may have widened up to {gaps.Direct} direct and {gaps.Via} relayed gaps, and an ITL verdict those could turn is inconclusive too" : string.Empty)}."));
            md.AppendLine();
        }

        if (report.Resolution is { LagSamples: > 0 } own)
        {
            // Both sides share the harness and the random pair order, so its lag is noise in the
            // difference, not a bias of it; past the saturation line it is no longer small noise.
            string saturated = report.Saturated ? Invariant($"⚠️ past the {SaturationStatus.DefaultThresholdMs:0.#} ms saturation line, so the harness was short of CPU: ") : string.Empty;
            string verdicts = report.Saturated ? "; a verdict met or missed by no more than that is inconclusive" : string.Empty;
            md.AppendLine(Invariant($"The harness's own error: {saturated}its scheduling lag p99 was {own.LagP99Ms:0.###} ms over the run ({own.LagSamples:N0} probes); each request, through either path, may be late by about that much, so it widens the intervals rather than moves the overhead{verdicts}. Its error by stage (delivery to the client, TTFT error, per transport): `harness selfcheck`."));
            md.AppendLine();
        }

        md.AppendLine(Invariant($"Failures: relay only {report.ViaOnlyFailures}, direct only {report.DirectOnlyFailures}, both {report.BothFailed} (direct: {Outcomes(report.DirectOutcomes)}; via: {Outcomes(report.ViaOutcomes)})."));
        md.AppendLine();
        if (report.Schedule is not null)
        {
            md.AppendLine($"Upstream: the harness's fake, schedule `{report.Schedule}`: the *schedule* column is the truth both paths are measured against.");
            md.AppendLine();
        }

        if (report.Overall is VerdictStatus overall)
        {
            md.AppendLine($"### Claims on the overhead: {Format.StatusIcon(overall)} {Format.Status(overall)}");
            md.AppendLine();
            foreach (var v in report.Claims)
            {
                md.AppendLine($"- {Format.StatusIcon(v.Status)} `{v.Claim}` {Format.Status(v.Status)}: {v.Reason}");
            }

            md.AppendLine();
        }

        bool schedule = report.Schedule is not null;
        md.AppendLine($"| metric | pct | direct (ms) | via (ms) | overhead (ms) | 95% CI (ms) | n direct/via |{(schedule ? " schedule (ms) |" : string.Empty)}");
        md.AppendLine($"|---|---|---:|---:|---:|---|---:|{(schedule ? "---:|" : string.Empty)}");
        foreach (var m in report.Metrics)
        {
            foreach (var p in m.Percentiles)
            {
                string enough = p.Enough ? string.Empty : " (too few)";
                md.AppendLine(Invariant($"| {m.Metric} | p{p.Percentile:0.###} | {Format.Ms(p.DirectMs)} | {Format.Ms(p.ViaMs)} | {Format.SignedMs(p.OverheadMs)} | [{Format.SignedMs(p.CiLowMs)}, {Format.SignedMs(p.CiHighMs)}]{enough} | {Format.Count(m.DirectCount)}/{Format.Count(m.ViaCount)} |{(schedule ? $" {Format.Ms(m.ScheduleMs)} |" : string.Empty)}"));
            }
        }

        md.AppendLine();
        md.AppendLine("| metric | median of paired differences (ms) | 95% CI (ms) | pairs |");
        md.AppendLine("|---|---:|---|---:|");
        foreach (var m in report.Metrics)
        {
            md.AppendLine($"| {m.Metric} | {Format.SignedMs(m.Paired.MedianMs)} | [{Format.SignedMs(m.Paired.CiLowMs)}, {Format.SignedMs(m.Paired.CiHighMs)}] | {Format.Count(m.Paired.Pairs)} |");
        }

        md.AppendLine();
        md.AppendLine($"<sub>{Definitions} {report.Method} Seed {report.Seed}, {report.Resamples} resamples.</sub>");
        return md.ToString();
    }

    /// <summary>What each metric is, since "TTFB" is read two ways and arrival is this verb's own.</summary>
    private const string Definitions =
        "ttfb: to the response headers (the WebSocket upgrade), not the first body byte; ttft: to the first content token; "
        + "itl: the gaps between content arrivals (per pair, each request's median gap); arrival: when the average token came, "
        + "the mean time from the start to each content arrival, so what a relay adds to it is what it adds to a token, "
        + "holding tokens back included, while its ITL falls; e2e: to the end of the stream.";

    private static string Load(string loadPoint) => loadPoint.StartsWith('c')
        ? $"{loadPoint[1..]} pairs in flight"
        : $"{loadPoint[1..]} pairs started per second";

    private static string Outcomes(IReadOnlyDictionary<string, long> outcomes) => outcomes.Count == 0
        ? "none"
        : string.Join(", ", outcomes.Select(o => Invariant($"{o.Key} {o.Value}")));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
