using Harness.Load.Results;

namespace Harness.Load;

/// <summary>
/// Builds and writes a whole results directory from series runs (results.json, histograms.hlog,
/// timeseries.csv, requests.csv), and reads the CSVs back for <see cref="ResultsMerger"/>.
/// </summary>
public static class ResultsFiles
{
    /// <summary>Combines series runs into one <see cref="RunResults"/> and one <see cref="HistogramSet"/>.</summary>
    public static (RunResults Results, HistogramSet Histograms) Combine(
        string name, IReadOnlyList<LoadSeriesRun> runs, string target, string model, IReadOnlyDictionary<string, string> settings, AgentShare agent, bool partial, double saturationThresholdMs = 5)
    {
        var histograms = new HistogramSet();
        foreach (var run in runs)
        {
            histograms.Merge(run.Histograms);
        }

        var worst = runs.Select(r => r.Saturation).OrderByDescending(s => s.LagP99Ms).FirstOrDefault();
        var results = new RunResults
        {
            Name = name,
            StartedUtc = runs.Count > 0 ? runs.Min(r => r.StartedUtc) : DateTimeOffset.UtcNow,
            EndedUtc = runs.Count > 0 ? runs.Max(r => r.EndedUtc) : DateTimeOffset.UtcNow,
            Partial = partial || runs.Any(r => r.Partial),
            Target = target,
            Model = model,
            Settings = new Dictionary<string, string>(settings),
            Agents = [agent.ToString()],
            Machine = MachineInfo.Current(),
            Saturation = worst is null
                ? new SaturationStatus { ThresholdMs = saturationThresholdMs }
                : worst with { Saturated = runs.Any(r => r.Saturation.Saturated) },
            Series = runs.Select(r => r.Series).ToList(),
        };
        return (results, histograms);
    }

    /// <summary>Writes every file of a results directory.</summary>
    public static void Write(string directory, RunResults results, HistogramSet histograms, IEnumerable<TimeSeriesRow> timeSeries, IEnumerable<string> requests)
    {
        ResultsDirectory.Write(directory, results, histograms);
        WriteLines(Path.Combine(directory, ResultsDirectory.TimeSeriesFile), ResultsDirectory.TimeSeriesHeader, timeSeries.Select(r => r.ToCsv()));
        WriteLines(Path.Combine(directory, ResultsDirectory.RequestsFile), ResultsDirectory.RequestsHeader, requests);
    }

    /// <summary>Writes a results directory for series runs.</summary>
    public static RunResults Write(string directory, string name, IReadOnlyList<LoadSeriesRun> runs, string target, string model, IReadOnlyDictionary<string, string> settings, AgentShare agent, bool partial)
    {
        var (results, histograms) = Combine(name, runs, target, model, settings, agent, partial);
        Write(directory, results, histograms, runs.SelectMany(r => r.TimeSeries), runs.SelectMany(r => r.Requests));
        return results;
    }

    /// <summary>Reads <c>timeseries.csv</c> (empty when absent).</summary>
    public static List<TimeSeriesRow> ReadTimeSeries(string directory)
    {
        string path = Path.Combine(directory, ResultsDirectory.TimeSeriesFile);
        return File.Exists(path) ? File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(TimeSeriesRow.Parse).ToList() : [];
    }

    /// <summary>Reads the data lines of <c>requests.csv</c> (empty when absent).</summary>
    public static IEnumerable<string> ReadRequests(string directory)
    {
        string path = Path.Combine(directory, ResultsDirectory.RequestsFile);
        return File.Exists(path) ? File.ReadLines(path).Skip(1).Where(l => l.Length > 0) : [];
    }

    private static void WriteLines(string path, string header, IEnumerable<string> lines)
    {
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
        writer.NewLine = "\n";
        writer.WriteLine(header);
        foreach (string line in lines)
        {
            writer.WriteLine(line);
        }
    }
}
