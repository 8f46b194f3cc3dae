using System.Globalization;
using Harness.Core;
using Harness.Load.Results;

namespace Harness.Reports.Diff;

/// <summary>
/// What <see cref="ResultsDiff"/> checks of the two runs themselves, apart from their figures: the
/// mismatches that make a difference no regression (refused unless allowed), the cautions that leave
/// it compared but worth weighing, one run on both sides, and the advice to record a saturated run
/// again. Every text here is what the diff prints, word for word.
/// </summary>
internal static class DiffPreconditions
{
    /// <summary>
    /// Why both sides are one run (the same <c>runId</c>, the directory given twice or a copy of it),
    /// refused even with --allow-mismatch since it always passes; null when they are two runs (or
    /// from before runIds).
    /// </summary>
    internal static string? SameRun(RunResults baseline, RunResults candidate) =>
        baseline.RunId.Length > 0 && string.Equals(baseline.RunId, candidate.RunId, StringComparison.Ordinal)
            ? $"the baseline and the candidate are one run (runId {baseline.RunId}): a run against itself always passes"
            : null;

    // A saturated baseline saved in the repo leaves every later diff inconclusive at any margin under
    // its lag, and nothing in the rows says the cure is on that run's side, not the change's.
    internal static string? Rerecord(string side, string name, List<SaturationStatus> lagged)
    {
        if (lagged.Count == 0)
        {
            return null;
        }

        var worst = lagged.MaxBy(l => l.PeakLagP99Ms)!;
        return Invariant($"{Plural.Of(lagged.Count, "row")} inconclusive only because the {side} ({name}) was recorded on a saturated harness ({worst.Describe()}): record the {side} again on a quieter machine, or with less load, so that its lag p99 stays within {worst.ThresholdMs:0.##} ms");
    }

    /// <summary>True when both are the same series (transport × load point): what a diff pairs up.</summary>
    internal static bool SameSeries(SeriesResult a, SeriesResult b) =>
        string.Equals(a.Transport, b.Transport, StringComparison.Ordinal) && string.Equals(a.LoadPoint, b.LoadPoint, StringComparison.Ordinal);

    /// <summary>What to weigh before trusting the rows, though the runs match: never a reason to refuse.</summary>
    internal static List<string> Cautions(string baselineName, RunResults baseline, string candidateName, RunResults candidate)
    {
        var cautions = new List<string>();
        void Partial(string side, string name, RunResults run)
        {
            if (run.Partial)
            {
                cautions.Add(Invariant($"the {side} ({name}) is a partial run, stopped early: {run.Series.Sum(s => s.DurationSeconds):0.#} s measured in all, fewer samples than planned"));
            }
        }

        Partial("baseline", baselineName, baseline);
        Partial("candidate", candidateName, candidate);
        // Reported, never refused for (see Mismatches): a shorter run only has fewer samples.
        if (baseline.Settings.GetValueOrDefault("duration") is { } bd && candidate.Settings.GetValueOrDefault("duration") is { } cd && !string.Equals(bd, cd, StringComparison.Ordinal))
        {
            cautions.Add($"the runs lasted differently (duration {bd} vs {cd}): compared anyway, with each side's own sample size");
        }

        // Two endpoints (a relay and the provider, an old gateway and a new one) is a comparison a
        // user may mean; it is said, since a difference is then the endpoints', not a change's.
        if (baseline.Target.Length > 0 && candidate.Target.Length > 0 && !string.Equals(baseline.Target, candidate.Target, StringComparison.Ordinal)
            && baseline.Target != RunResults.EmbeddedFakeTarget && candidate.Target != RunResults.EmbeddedFakeTarget)
        {
            cautions.Add($"the runs measured different endpoints ('{baseline.Target}' vs '{candidate.Target}'): compared as asked, so a difference is the endpoints' as much as a change's");
        }

        bool baseKnown = SentSettings.Keys.All(baseline.Settings.ContainsKey), candidateKnown = SentSettings.Keys.All(candidate.Settings.ContainsKey);
        if (!baseKnown || !candidateKnown)
        {
            string where = baseKnown ? $"the candidate ({candidateName})" : candidateKnown ? $"the baseline ({baselineName})" : "either run";
            cautions.Add($"what was sent ({string.Join(", ", SentSettings.Keys.Select(k => k.Replace('_', ' ')))}) is not recorded in {where}, results from before it: not compared, so the runs may have asked for different answers");
        }

        return cautions;
    }

    /// <summary>Ways the runs do not measure the same thing: refused for unless --allow-mismatch; empty when they match.</summary>
    internal static List<string> Mismatches(RunResults baseline, RunResults candidate)
    {
        var found = new List<string>();
        if (!string.Equals(baseline.Model, candidate.Model, StringComparison.Ordinal))
        {
            found.Add($"model: '{baseline.Model}' vs '{candidate.Model}'");
        }

        // The embedded fake against an endpoint measures the fake's schedule against a server: never a regression.
        if (baseline.Target.Length > 0 && candidate.Target.Length > 0
            && (baseline.Target == RunResults.EmbeddedFakeTarget) != (candidate.Target == RunResults.EmbeddedFakeTarget))
        {
            found.Add($"target: '{baseline.Target}' vs '{candidate.Target}'");
        }

        foreach (string key in (string[])["schedule", "model_kind", "connections", "duration"])
        {
            string? b = baseline.Settings.GetValueOrDefault(key), c = candidate.Settings.GetValueOrDefault(key);
            // Duration changes the sample size, not what is measured: reported, never refused for.
            if (key != "duration" && b is not null && c is not null && !string.Equals(b, c, StringComparison.Ordinal))
            {
                found.Add($"{key.Replace('_', ' ')}: '{b}' vs '{c}'");
            }
        }

        // What was sent: absent from results written before it was recorded, and then unknown, not a mismatch (a caution says so).
        foreach (string key in SentSettings.Keys)
        {
            if (baseline.Settings.GetValueOrDefault(key) is { } b && candidate.Settings.GetValueOrDefault(key) is { } c && !string.Equals(b, c, StringComparison.Ordinal))
            {
                found.Add($"{key.Replace('_', ' ')} sent: '{b}' vs '{c}'");
            }
        }

        var onlyBaseline = baseline.Series.Where(b => !candidate.Series.Any(c => SameSeries(b, c))).Select(Name).ToList();
        var onlyCandidate = candidate.Series.Where(c => !baseline.Series.Any(b => SameSeries(b, c))).Select(Name).ToList();
        if (onlyBaseline.Count > 0)
        {
            found.Add($"series only in the baseline: {string.Join(", ", onlyBaseline)}");
        }

        if (onlyCandidate.Count > 0)
        {
            found.Add($"series only in the candidate: {string.Join(", ", onlyCandidate)}");
        }

        foreach (var b in baseline.Series)
        {
            var c = candidate.Series.FirstOrDefault(s => SameSeries(b, s));
            if (c is not null && (b.Concurrency != c.Concurrency || b.RatePerSecond != c.RatePerSecond || !string.Equals(b.Connections, c.Connections, StringComparison.Ordinal)))
            {
                found.Add($"load of {Name(b)}: {Load(b)} vs {Load(c)}");
            }
        }

        return found;
    }

    private static string Name(SeriesResult s) => $"{s.Transport} {s.LoadPoint}";

    private static string Load(SeriesResult s) =>
        Invariant($"{(s.Concurrency is int c ? $"{c} concurrent" : $"{s.RatePerSecond:0.###}/s")}, {s.Connections}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
