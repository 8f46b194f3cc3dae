using Harness.Load.Results;

namespace Harness.Load;

/// <summary>
/// Merges results directories from several agents (processes or machines) into one: histograms
/// added exactly, counts summed, summaries recomputed from the merged histograms, per-second rows
/// summed by second, request rows concatenated.
/// </summary>
public static class ResultsMerger
{
    /// <summary>
    /// Merges <paramref name="directories"/> into <paramref name="output"/>; returns the merged results.
    /// Every input is read and checked before anything is written: a bad file is an
    /// <see cref="InvalidDataException"/> naming it, runs that do not belong together a
    /// <see cref="MergeRefusedException"/> saying why.
    /// </summary>
    public static RunResults Merge(IReadOnlyList<string> directories, string output)
    {
        if (directories.Count == 0)
        {
            throw new ArgumentException("nothing to merge: give at least one results directory", nameof(directories));
        }

        var duplicate = directories.GroupBy(d => Path.GetFullPath(d).TrimEnd(Path.DirectorySeparatorChar)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new MergeRefusedException($"{duplicate.First()} is given twice: its counts would be added twice");
        }

        var inputs = directories.Select(dir =>
        {
            var (results, set) = ResultsDirectory.Read(dir);
            return (Dir: dir, Results: results, Histograms: set, Seconds: ResultsFiles.ReadTimeSeries(dir), Requests: ResultsFiles.ReadRequests(dir));
        }).ToList();
        MergeCompatibility.Check(inputs.Select(i => (i.Dir, i.Results)).ToList());

        var histograms = new HistogramSet();
        var parts = new List<RunResults>();
        var seconds = new Dictionary<(string, string, int), TimeSeriesRow>();
        foreach (var input in inputs)
        {
            parts.Add(input.Results);
            histograms.Merge(input.Histograms);
            foreach (var row in input.Seconds)
            {
                var key = (row.Transport, row.LoadPoint, row.Second);
                if (!seconds.TryGetValue(key, out var sum))
                {
                    seconds[key] = sum = new TimeSeriesRow { Second = row.Second, Transport = row.Transport, LoadPoint = row.LoadPoint };
                }

                sum.Started += row.Started;
                sum.Finished += row.Finished;
                sum.Active += row.Active;
                sum.Tokens += row.Tokens;
                for (int i = 0; i < sum.Outcomes.Length; i++)
                {
                    sum.Outcomes[i] += row.Outcomes[i];
                }
            }
        }

        var series = parts.SelectMany(p => p.Series)
            .GroupBy(s => (s.Transport, s.LoadPoint))
            .Select(g => MergeSeries(g.ToList(), histograms))
            .ToList();
        double threshold = parts.Max(p => p.Saturation.ThresholdMs);
        var first = parts[0];
        var merged = first with
        {
            StartedUtc = parts.Min(p => p.StartedUtc),
            EndedUtc = parts.Max(p => p.EndedUtc),
            RunId = Guid.NewGuid().ToString("N"),
            // Agents missing from the merge (2 of 3 merged) make the whole partial.
            Partial = parts.Any(p => p.Partial) || MergeCompatibility.MissingAgents(parts),
            Agents = parts.SelectMany(p => p.Agents).ToList(),
            // Recomputed from the merged lag histograms, with each agent's own peak (its rounds are not merged).
            Saturation = SaturationStatus.Of(series, threshold, parts.Select(p => p.Saturation)),
            Series = series,
        };
        var rows = seconds.Values.OrderBy(r => r.Transport, StringComparer.Ordinal).ThenBy(r => r.LoadPoint, StringComparer.Ordinal).ThenBy(r => r.Second);
        ResultsFiles.Write(output, merged, histograms, rows, inputs.SelectMany(i => i.Requests));
        return merged;
    }

    private static SeriesResult MergeSeries(List<SeriesResult> parts, HistogramSet histograms)
    {
        // Agents ran side by side: their loads add, their windows overlap.
        return SeriesResult.Add(parts, histograms) with
        {
            Concurrency = parts.All(p => p.Concurrency is null) ? null : parts.Sum(p => p.Concurrency ?? 0),
            RatePerSecond = parts.All(p => p.RatePerSecond is null) ? null : parts.Sum(p => p.RatePerSecond ?? 0),
            DurationSeconds = parts.Max(p => p.DurationSeconds),
            FakeLateness = null, // each agent's own fake: percentiles that cannot be added
            Rounds = null, // agents' rounds overlap in time: their percentiles cannot be added
        };
    }
}
