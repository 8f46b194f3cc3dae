using System.Text.Json;
using System.Text.Json.Serialization;
using Harness.Core;

namespace Harness.Load.Results;

/// <summary>
/// The files of a results directory: <c>results.json</c> (<see cref="RunResults"/>),
/// <c>histograms.hlog</c> (<see cref="HistogramSet"/>), <c>timeseries.csv</c> (per second: started,
/// finished, active, tokens/s, errors by outcome) and <c>requests.csv</c> (one row per request
/// timeline). The report writes <c>index.html</c>, <c>summary.md</c> and <c>summary.json</c> beside them.
/// </summary>
public static class ResultsDirectory
{
    /// <summary>The run summary.</summary>
    public const string ResultsFile = "results.json";

    /// <summary>The histograms.</summary>
    public const string HistogramsFile = "histograms.hlog";

    /// <summary>The per-second series.</summary>
    public const string TimeSeriesFile = "timeseries.csv";

    /// <summary>The per-request timelines.</summary>
    public const string RequestsFile = "requests.csv";

    /// <summary>
    /// The folder of round measurements set aside because the machine stood still in them
    /// (<see cref="SeriesResult.SetAside"/>): their own <c>timeseries.csv</c> and <c>requests.csv</c>,
    /// so nothing measured is lost and none of it is in the run's figures. Only when there were some.
    /// </summary>
    public const string SetAsideDirectory = "set-aside";

    /// <summary>What marks an <c>overhead</c> run's directory instead (its report; the reports project writes it).</summary>
    public const string OverheadReportFile = "overhead.json";

    /// <summary>
    /// Header of <c>timeseries.csv</c>: one row per transport, load point and second of the measured
    /// window; the outcome columns count requests that finished that second with that outcome.
    /// </summary>
    /// <remarks>Built from the outcome enum and its written names, so the columns cannot drift from them.</remarks>
    public static string TimeSeriesHeader { get; } =
        "second,transport,load_point,started,finished,active,tokens_per_s,"
        + string.Join(',', Enum.GetValues<Harness.Clients.RequestOutcome>().Select(o => Harness.Clients.OutcomeNames.ToName(o)));

    /// <summary>The <see cref="TimeSeriesHeader"/> of results written before the <c>stopped</c> outcome: read too, its column as 0.</summary>
    internal static string TimeSeriesHeaderBeforeStopped { get; } = TimeSeriesHeader[..TimeSeriesHeader.LastIndexOf(',')];

    /// <summary>
    /// Header of <c>requests.csv</c>: one row per request. Times are milliseconds; start times are
    /// relative to the run's start; latencies are from the intended start (open model) or the
    /// actual start; empty cells mean "did not happen".
    /// </summary>
    public const string RequestsHeader =
        "transport,load_point,intended_start_ms,actual_start_ms,connection_reused,connect_ms,tls_ms,ttfb_ms,ttfc_ms,ttft_ms,e2e_ms,tokens,content_deltas,chunks,outcome,http_status,ws_close_code,timeout_phase,retries,retry_wait_ms";

    /// <summary>JSON settings for results files: camelCase, indented, enums as strings.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Writes <c>results.json</c> and <c>histograms.hlog</c> into <paramref name="directory"/> (created if needed), each atomically.</summary>
    public static void Write(string directory, RunResults results, HistogramSet histograms)
    {
        Directory.CreateDirectory(directory);
        // The histograms first: a results.json always has the histograms it summarises beside it.
        AtomicFile.Write(Path.Combine(directory, HistogramsFile), s => histograms.Save(s, results.StartedUtc.UtcDateTime));
        AtomicFile.WriteText(Path.Combine(directory, ResultsFile), JsonSerializer.Serialize(results, JsonOptions));
    }

    /// <summary>Why <paramref name="directory"/> is not a results directory (it has no <see cref="ResultsFile"/>), naming an overhead run's; null when it is one.</summary>
    public static string? NotAResultsDirectory(string directory) =>
        File.Exists(Path.Combine(directory, ResultsFile)) ? null
        : File.Exists(directory) ? $"{directory}: a file, not a results directory (give the directory holding {ResultsFile})"
        : !Directory.Exists(directory) ? $"{directory}: does not exist"
        : File.Exists(Path.Combine(directory, OverheadReportFile)) ? $"{directory}: an overhead run, not a load run (no {ResultsFile}): its report is overhead.md, and harness overhead --from {directory} judges it again"
        : OutputDirectory.HolderOf(directory) is { } holder ? $"{directory}: {holder} is still running into it; its {ResultsFile} comes when that run ends"
        : $"{directory}: not a results directory (no {ResultsFile})";

    /// <summary>
    /// Reads <c>results.json</c> and <c>histograms.hlog</c> and checks they agree. Anything wrong with
    /// them is an <see cref="InvalidDataException"/> whose message starts with the file's path.
    /// </summary>
    public static (RunResults Results, HistogramSet Histograms) Read(string directory)
    {
        string resultsPath = Path.Combine(directory, ResultsFile);
        if (NotAResultsDirectory(directory) is { } why)
        {
            throw new InvalidDataException(why);
        }

        var results = ReadResults(resultsPath);
        string histogramsPath = Path.Combine(directory, HistogramsFile);
        bool haveHistograms = File.Exists(histogramsPath);
        var histograms = haveHistograms ? ReadHistograms(histogramsPath) : new HistogramSet();
        CheckAgree(results, histograms, histogramsPath, haveHistograms);
        return (results, histograms);
    }

    /// <summary>Reads a <see cref="HistogramsFile"/>; anything wrong with it is an <see cref="InvalidDataException"/> whose message starts with its path.</summary>
    public static HistogramSet ReadHistograms(string path)
    {
        using var stream = OpenRead(path);
        try
        {
            return HistogramSet.Load(stream);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }

    private static RunResults ReadResults(string path)
    {
        RunResults? results;
        try
        {
            using var stream = OpenRead(path);
            results = JsonSerializer.Deserialize<RunResults>(stream, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a results file ({JsonProblem.Describe(ex)})", ex);
        }

        if (results is null)
        {
            throw new InvalidDataException($"{path}: not a results file (null)");
        }

        string? problem = results switch
        {
            { Name.Length: 0 } => "empty 'name'",
            { Series: null } => "no 'series'",
            _ when results.Series.Any(s => s is null) => "a null series",
            _ when results.Series.Any(s => string.IsNullOrWhiteSpace(s.Transport) || string.IsNullOrWhiteSpace(s.LoadPoint)) => "a series without 'transport' or 'loadPoint'",
            _ when results.Series.Any(s => s.Requests < 0 || s.Tokens < 0 || s.WindowTokens < 0 || s.WindowSucceeded < 0 || s.Retries < 0 || s.LateSends < 0 || s.JudgedStreams < 0 || s.BufferedStreams < 0 || s.Outcomes is null || s.Metrics is null || s.Outcomes.Values.Any(v => v < 0)) => "a series with a negative count or a null table",
            _ when results.Series.Any(s => s.BufferedStreams > s.JudgedStreams) => "a series with more 'bufferedStreams' than 'judgedStreams'",
            _ when results.Series.GroupBy(s => (s.Transport, s.LoadPoint)).Any(g => g.Count() > 1) => "the same transport and load point twice",
            { SchemaVersion: > RunResults.CurrentSchemaVersion } => $"written by a newer harness (schemaVersion {results.SchemaVersion}; this one reads up to {RunResults.CurrentSchemaVersion})",
            _ when results.Agents is null || results.Settings is null || results.Machine is null || results.Saturation is null => "a null 'agents', 'settings', 'machine' or 'saturation'",
            _ => null,
        };
        return problem is null ? results : throw new InvalidDataException($"{path}: {problem}");
    }

    // Each series' metric summaries were computed from its histograms: a count that disagrees means
    // a truncated, empty or foreign histograms.hlog, whose percentiles would be silently wrong.
    private static void CheckAgree(RunResults results, HistogramSet histograms, string histogramsPath, bool haveHistograms)
    {
        foreach (var series in results.Series)
        {
            foreach (var (metric, summary) in series.Metrics)
            {
                long inLog = histograms.Find(HistogramSet.TagOf(series.Transport, series.LoadPoint, metric))?.TotalCount ?? 0;
                if (summary is not null && summary.Count != inLog)
                {
                    throw new InvalidDataException(!haveHistograms
                        ? $"{histogramsPath}: missing, but {ResultsFile} summarises {summary.Count} {metric} values of {series.Transport}:{series.LoadPoint} from it (copied without it?)"
                        : $"{histogramsPath}: {series.Transport}:{series.LoadPoint}:{metric} holds {inLog} values but {ResultsFile} says {summary.Count} (truncated or from another run)");
                }
            }
        }
    }

    private static FileStream OpenRead(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read);
}
