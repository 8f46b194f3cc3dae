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

    /// <summary>
    /// Reads <c>timeseries.csv</c> (empty when absent); a bad header or row is an
    /// <see cref="InvalidDataException"/> naming the file and line.
    /// </summary>
    public static List<TimeSeriesRow> ReadTimeSeries(string directory)
    {
        string path = Path.Combine(directory, ResultsDirectory.TimeSeriesFile);
        if (!File.Exists(path))
        {
            return [];
        }

        var rows = new List<TimeSeriesRow>();
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (number == 1)
            {
                CheckHeader(path, line, ResultsDirectory.TimeSeriesHeader);
                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                var row = TimeSeriesRow.Parse(line);
                rows.Add(row.Second >= 0 && row.Started >= 0 && row.Finished >= 0 && row.Tokens >= 0 && row.Outcomes.All(o => o >= 0)
                    ? row
                    : throw new InvalidDataException("a negative count"));
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or InvalidDataException)
            {
                throw new InvalidDataException($"{path}:{number}: {ex.Message}", ex);
            }
        }

        return rows;
    }

    /// <summary>Reads the data lines of <c>requests.csv</c> (empty when absent); a foreign header is an <see cref="InvalidDataException"/>.</summary>
    public static List<string> ReadRequests(string directory)
    {
        string path = Path.Combine(directory, ResultsDirectory.RequestsFile);
        if (!File.Exists(path))
        {
            return [];
        }

        var lines = File.ReadLines(path).ToList();
        if (lines.Count > 0)
        {
            CheckHeader(path, lines[0], ResultsDirectory.RequestsHeader);
        }

        return lines.Skip(1).Where(l => l.Length > 0).ToList();
    }

    private static void CheckHeader(string path, string line, string expected)
    {
        if (!string.Equals(line, expected, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}:1: not the header this harness writes (another version, or not its file)");
        }
    }

    private static void WriteLines(string path, string header, IEnumerable<string> lines) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            writer.NewLine = "\n";
            writer.WriteLine(header);
            foreach (string line in lines)
            {
                writer.WriteLine(line);
            }
        });
}
