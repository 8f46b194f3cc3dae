using System.Globalization;
using Harness.Load.Results;

namespace Harness.Load;

/// <summary>
/// Merges results directories from several agents (processes or machines) into one: histograms
/// added exactly, counts summed, summaries recomputed from the merged histograms, per-second rows
/// summed by second, request rows concatenated.
/// </summary>
public static class ResultsMerger
{
    /// <summary>The share of the shortest agent's measured time below which a merge warns that the agents were not side by side.</summary>
    public const double WellOverlapped = 0.9;

    /// <summary>
    /// Merges <paramref name="directories"/> into <paramref name="output"/>; returns the merged results.
    /// Every input is read and checked before anything is written: a bad file is an
    /// <see cref="InvalidDataException"/> naming it, runs that do not belong together a
    /// <see cref="MergeRefusedException"/> saying why. <paramref name="warn"/> hears of agents that
    /// were measured side by side for less than <see cref="WellOverlapped"/> of the shortest one's
    /// time, and of agents of the run not given.
    /// </summary>
    public static RunResults Merge(IReadOnlyList<string> directories, string output, Action<string>? warn = null)
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
        var parts = inputs.Select(i => (i.Dir, i.Results)).ToList();
        MergeCompatibility.Check(parts);
        if (MergeCompatibility.Overlap(parts) is { } overlap and < WellOverlapped)
        {
            warn?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"the agents were measured together for only {overlap * 100:0}% of the shortest one's time: the merged figures mix the whole load with parts of it (start agents together with --start-at)"));
        }

        // An agent's lost CSV would leave its requests out of the merged one without a word.
        foreach (var input in inputs)
        {
            var absent = new[] { ResultsDirectory.RequestsFile, ResultsDirectory.TimeSeriesFile }.Where(f => !File.Exists(Path.Combine(input.Dir, f))).ToList();
            if (absent.Count > 0 && input.Results.Series.Sum(s => s.Requests) > 0)
            {
                warn?.Invoke($"{input.Dir} has no {string.Join(" or ", absent)}: the merged {string.Join(" and ", absent)} hold{(absent.Count == 1 ? "s" : string.Empty)} the other agents' rows only (its counts and histograms are merged)");
            }
        }

        var missing = MergeCompatibility.Missing(parts.Select(p => p.Results));
        if (missing.Count > 0)
        {
            warn?.Invoke($"agent{(missing.Count > 1 ? "s" : string.Empty)} {string.Join(", ", missing)} not merged: the merged run holds part of the load and is marked partial");
        }

        var histograms = new HistogramSet();
        var results = parts.ConvertAll(p => p.Results);
        var seconds = new Dictionary<(string, string, int), TimeSeriesRow>();
        foreach (var input in inputs)
        {
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

        var series = results.SelectMany(p => p.Series)
            .GroupBy(s => (s.Transport, s.LoadPoint))
            .Select(g => MergeSeries(g.ToList(), histograms))
            .ToList();
        double threshold = results.Max(p => p.Saturation.ThresholdMs);
        var first = results[0];
        var merged = first with
        {
            StartedUtc = results.Min(p => p.StartedUtc),
            EndedUtc = results.Max(p => p.EndedUtc),
            RunId = Guid.NewGuid().ToString("N"),
            // Agents missing from the merge (2 of 3 merged) make the whole partial.
            Partial = results.Any(p => p.Partial) || missing.Count > 0,
            Agents = results.SelectMany(p => p.Agents).ToList(),
            // Recomputed from the merged lag histograms, with each agent's own peak (its rounds are not merged).
            Saturation = SaturationStatus.Of(series, threshold, results.Select(p => p.Saturation)),
            Series = series,
        };
        var rows = seconds.Values.OrderBy(r => r.Transport, StringComparer.Ordinal).ThenBy(r => r.LoadPoint, StringComparer.Ordinal).ThenBy(r => r.Second);
        ResultsFiles.Write(output, merged, histograms, rows, inputs.SelectMany(i => i.Requests));
        return merged;
    }

    /// <summary>
    /// The agents of the run that <paramref name="results"/> does not hold (<c>2/2</c> of a merge
    /// given only agent 1/2's directory); empty for a single process or a merge of every agent.
    /// </summary>
    public static IReadOnlyList<string> MissingAgents(RunResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return MergeCompatibility.Missing([results]);
    }

    private static SeriesResult MergeSeries(List<SeriesResult> parts, HistogramSet histograms)
    {
        // Agents ran side by side: their loads add, their windows overlap.
        return SeriesResult.Add(parts, histograms) with
        {
            Concurrency = parts.All(p => p.Concurrency is null) ? null : parts.Sum(p => p.Concurrency ?? 0),
            RatePerSecond = parts.All(p => p.RatePerSecond is null) ? null : parts.Sum(p => p.RatePerSecond ?? 0),
            DurationSeconds = parts.Max(p => p.DurationSeconds),
            // Each agent's own fake: percentiles that cannot be added, so each figure is the worst agent's.
            FakeLateness = parts.Any(p => p.FakeLateness is not null) ? ServerLateness.Merge([.. parts.Select(p => p.FakeLateness).OfType<ServerLateness>()]) : null,
            HarnessPauses = PausesOf(parts),
            AgentsLag = new AgentsLag
            {
                LagP99Ms = parts.Max(p => p.Resolution.LagP99Ms),
                PeakLagP99Ms = parts.Max(p => SaturationStatus.Of([p], 0).PeakLagP99Ms),
            },
            Rounds = null, // agents' rounds overlap in time: their percentiles cannot be added
        };
    }

    // Read back from files, the agents' undelayed TTFT and e2e histograms are gone and Merge leaves
    // those figures out, which would hide a tail the agents' pauses made. Each figure is then the
    // smallest agent's (an agent with nothing delayed gives its whole TTFT or e2e): a pooled
    // percentile is never below every part's, so the gap to the series' own tail is never understated.
    private static HarnessPauses? PausesOf(List<SeriesResult> parts)
    {
        var merged = HarnessPauses.Merge(parts.Select(p => p.HarnessPauses));
        return merged is null ? null : merged with
        {
            TtftUndelayed = merged.TtftUndelayed ?? SmallestUndelayed(parts, merged, MetricNames.Ttft, p => p.TtftUndelayed),
            E2eUndelayed = merged.E2eUndelayed ?? SmallestUndelayed(parts, merged, MetricNames.EndToEnd, p => p.E2eUndelayed),
        };
    }

    private static MetricSummary? SmallestUndelayed(List<SeriesResult> parts, HarnessPauses merged, string metric, Func<HarnessPauses, MetricSummary?> undelayedOf)
    {
        if (merged.DelayedIn(metric) == 0)
        {
            return null;
        }

        var undelayed = parts
            .Select(p => undelayedOf(p.HarnessPauses!) ?? (p.HarnessPauses!.DelayedIn(metric) == 0 ? p.Metrics.GetValueOrDefault(metric) : null))
            .OfType<MetricSummary>()
            .ToList();
        return undelayed.Count == 0 ? null : new MetricSummary
        {
            Count = undelayed.Sum(u => u.Count),
            Unit = undelayed[0].Unit,
            Mean = undelayed.Min(u => u.Mean),
            Min = undelayed.Min(u => u.Min),
            P50 = undelayed.Min(u => u.P50),
            P90 = undelayed.Min(u => u.P90),
            P95 = undelayed.Min(u => u.P95),
            P99 = undelayed.Min(u => u.P99),
            P999 = undelayed.Min(u => u.P999),
            Max = undelayed.Min(u => u.Max),
        };
    }
}
