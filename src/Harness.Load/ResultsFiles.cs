using Harness.Load.Results;

namespace Harness.Load;

/// <summary>
/// Builds and writes a whole results directory from series runs (results.json, histograms.hlog,
/// timeseries.csv, requests.csv, and set-aside/ when rounds were measured again), and reads the CSVs back for <see cref="ResultsMerger"/>.
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
            Saturation = SaturationStatus.Of(runs.Select(r => r.Series), runs.Count > 0 ? runs[0].Saturation.ThresholdMs : saturationThresholdMs, runs.Select(r => r.Saturation)),
            Series = runs.Select(r => r.Series).ToList(),
        };
        return (results, histograms);
    }

    /// <summary>Writes every file of a results directory (each atomically: this replaces what a <see cref="ResultsJournal"/> appended during the run).</summary>
    public static void Write(string directory, RunResults results, HistogramSet histograms, IEnumerable<TimeSeriesRow> timeSeries, IEnumerable<RequestRow> requests)
    {
        ResultsDirectory.Write(directory, results, histograms);
        WriteRows(directory, timeSeries, requests);
    }

    /// <summary>Writes a results directory for series runs.</summary>
    public static RunResults Write(string directory, string name, IReadOnlyList<LoadSeriesRun> runs, string target, string model, IReadOnlyDictionary<string, string> settings, AgentShare agent, bool partial)
    {
        var (results, histograms) = Combine(name, runs, target, model, settings, agent, partial);
        Write(directory, results, histograms, runs.SelectMany(r => r.TimeSeries), runs.SelectMany(r => r.Requests));
        var setAside = runs.SelectMany(r => r.SetAside).Select(a => a.Run).ToList();
        if (setAside.Count > 0)
        {
            WriteRows(Directory.CreateDirectory(Path.Combine(directory, ResultsDirectory.SetAsideDirectory)).FullName, setAside.SelectMany(r => r.TimeSeries), setAside.SelectMany(r => r.Requests));
        }

        return results;
    }

    // timeseries.csv and requests.csv in one folder: the run's, or its set-aside rounds'.
    private static void WriteRows(string folder, IEnumerable<TimeSeriesRow> timeSeries, IEnumerable<RequestRow> requests)
    {
        WriteLines(Path.Combine(folder, ResultsDirectory.TimeSeriesFile), ResultsDirectory.TimeSeriesHeader, timeSeries.Select(r => r.ToCsv()));
        WriteLines(Path.Combine(folder, ResultsDirectory.RequestsFile), ResultsDirectory.RequestsHeader, requests.Select(r => r.ToCsv()));
    }

    /// <summary>
    /// Reads <c>timeseries.csv</c> (empty when absent); a bad header or row is an
    /// <see cref="InvalidDataException"/> naming the file and line.
    /// </summary>
    public static List<TimeSeriesRow> ReadTimeSeries(string directory) =>
        ReadRows(Path.Combine(directory, ResultsDirectory.TimeSeriesFile), [ResultsDirectory.TimeSeriesHeader, ResultsDirectory.TimeSeriesHeaderBeforeStopped], line =>
        {
            var row = TimeSeriesRow.Parse(line);
            return row.Second >= 0 && row.Started >= 0 && row.Finished >= 0 && row.Tokens >= 0 && row.Outcomes.All(o => o >= 0)
                ? row
                : throw new InvalidDataException("a negative count");
        });

    /// <summary>
    /// Reads <c>requests.csv</c> (empty when absent); a bad header or row is an
    /// <see cref="InvalidDataException"/> naming the file and line.
    /// </summary>
    public static List<RequestRow> ReadRequests(string directory) =>
        ReadRows(Path.Combine(directory, ResultsDirectory.RequestsFile), [ResultsDirectory.RequestsHeader], RequestRow.Parse);

    /// <summary>
    /// The one reader of both CSVs. A last line without its LF is one a killed run did not finish
    /// writing (<see cref="ResultsJournal"/> appends whole lines): it is left out, never half read.
    /// </summary>
    private static List<T> ReadRows<T>(string path, string[] headers, Func<string, T> parse)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var rows = new List<T>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        bool ended = stream.Length == 0 || EndsWithLineFeed(stream);
        using var reader = new StreamReader(stream, detectEncodingFromByteOrderMarks: false);
        int number = 0;
        string? line = reader.ReadLine();
        while (line is not null)
        {
            number++;
            string? next = reader.ReadLine();
            if (next is null && !ended)
            {
                break;
            }

            if (number == 1)
            {
                CheckHeader(path, line, headers);
            }
            else if (line.Length > 0)
            {
                try
                {
                    rows.Add(parse(line));
                }
                catch (Exception ex) when (ex is FormatException or OverflowException or InvalidDataException)
                {
                    throw new InvalidDataException($"{path}:{number}: {ex.Message}", ex);
                }
            }

            line = next;
        }

        return rows;
    }

    private static bool EndsWithLineFeed(FileStream stream)
    {
        stream.Seek(-1, SeekOrigin.End);
        bool lf = stream.ReadByte() == '\n';
        stream.Seek(0, SeekOrigin.Begin);
        return lf;
    }

    private static void CheckHeader(string path, string line, string[] accepted)
    {
        if (!accepted.Contains(line, StringComparer.Ordinal))
        {
            throw new InvalidDataException($"{path}:1: not the header this harness writes (another version, or not its file)");
        }
    }

    private static void WriteLines(string path, string header, IEnumerable<string> lines) =>
        AtomicFile.Write(path, stream => CsvWriter.Write(stream, header, lines));
}
