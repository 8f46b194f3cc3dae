using System.Globalization;
using Harness.Load.Results;
using Harness.Load.Simulations;

namespace Harness.Load;

/// <summary>
/// Whether results directories are parts of one run and may be merged: the same model and settings
/// (schedule, duration, load profile...), the same series (transport, load point, connections),
/// the same agent count, no agent or run given twice, and measured side by side. Adding counts of
/// runs that differ in any of these gives figures that describe no run at all.
/// </summary>
internal static class MergeCompatibility
{
    public static void Check(IReadOnlyList<(string Dir, RunResults Results)> inputs)
    {
        var (firstDir, first) = inputs[0];
        string firstSeries = SeriesKey(first);
        foreach (var (dir, results) in inputs.Skip(1))
        {
            Require(results.Name == first.Name, dir, firstDir, "scenario name", results.Name, first.Name);
            Require(results.Model == first.Model, dir, firstDir, "model", results.Model, first.Model);
            foreach (string key in first.Settings.Keys.Union(results.Settings.Keys).Order(StringComparer.Ordinal))
            {
                string mine = results.Settings.GetValueOrDefault(key) ?? "(none)";
                string theirs = first.Settings.GetValueOrDefault(key) ?? "(none)";
                Require(mine == theirs, dir, firstDir, key, mine, theirs);
            }

            string series = SeriesKey(results);
            Require(series == firstSeries, dir, firstDir, "series (transport:load point:connections)", series, firstSeries);
            Require(results.Saturation.ThresholdMs == first.Saturation.ThresholdMs, dir, firstDir, "saturation threshold", $"{results.Saturation.ThresholdMs} ms", $"{first.Saturation.ThresholdMs} ms");
        }

        var agents = new Dictionary<string, string>(StringComparer.Ordinal);
        int? count = null;
        foreach (var (dir, results) in inputs)
        {
            foreach (string agent in results.Agents)
            {
                if (!agents.TryAdd(agent, dir))
                {
                    throw new MergeRefusedException($"{dir}: agent {agent} is also in {agents[agent]}: one agent's counts would be added twice");
                }

                AgentShare share;
                try
                {
                    share = AgentShare.Parse(agent);
                }
                catch (Exception ex) when (ex is FormatException or LoadProfileException)
                {
                    throw new InvalidDataException($"{Path.Combine(dir, ResultsDirectory.ResultsFile)}: agent '{agent}' is not I/N");
                }

                count ??= share.Count;
                if (share.Count != count)
                {
                    throw new MergeRefusedException($"{dir}: agent {agent} is one of {share.Count}, but the others are of {count}: not the same run");
                }
            }
        }

        var runIds = inputs.Where(i => i.Results.RunId.Length > 0).GroupBy(i => i.Results.RunId).FirstOrDefault(g => g.Count() > 1);
        if (runIds is not null)
        {
            throw new MergeRefusedException($"{runIds.Last().Dir}: the same run as {runIds.First().Dir} (run id {runIds.Key}): its counts would be added twice");
        }

        if (Overlap(inputs) is <= 0)
        {
            // Summed rates and per-second rows would describe a load that never ran at once.
            var last = inputs.MaxBy(i => i.Results.StartedUtc);
            var ended = inputs.MinBy(i => i.Results.EndedUtc);
            throw new MergeRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"{last.Dir}: measured from {last.Results.StartedUtc:HH:mm:ss.f} UTC, after {ended.Dir} had ended ({ended.Results.EndedUtc:HH:mm:ss.f}): agents that ran one after another never put their loads together (start them together with --start-at)"));
        }
    }

    /// <summary>
    /// The share of the shortest agent's measured time in which every agent was measuring: 1 side by
    /// side, 0 or less one after another; null when fewer than two parts, or a part's times are unknown.
    /// </summary>
    public static double? Overlap(IReadOnlyList<(string Dir, RunResults Results)> inputs)
    {
        if (inputs.Count < 2 || inputs.Any(i => i.Results.EndedUtc <= i.Results.StartedUtc))
        {
            return null;
        }

        var together = inputs.Min(i => i.Results.EndedUtc) - inputs.Max(i => i.Results.StartedUtc);
        var shortest = inputs.Min(i => i.Results.EndedUtc - i.Results.StartedUtc);
        return together / shortest;
    }

    /// <summary>The agents (I/N) of the run that are not among <paramref name="parts"/>.</summary>
    public static List<string> Missing(IEnumerable<RunResults> parts)
    {
        var shares = parts.SelectMany(p => p.Agents).Select(AgentShare.Parse).ToList();
        if (shares.Count == 0)
        {
            return [];
        }

        int count = shares[0].Count;
        return [.. Enumerable.Range(1, count).Where(i => !shares.Any(s => s.Index == i)).Select(i => new AgentShare(i, count).ToString())];
    }

    private static string SeriesKey(RunResults results) =>
        string.Join(' ', results.Series.Select(s => $"{s.Transport}:{s.LoadPoint}:{s.Connections}").Order(StringComparer.Ordinal));

    private static void Require(bool same, string dir, string firstDir, string what, string mine, string theirs)
    {
        if (!same)
        {
            throw new MergeRefusedException($"{dir}: {what} is '{mine}' but '{theirs}' in {firstDir}: not parts of one run");
        }
    }
}
