using System.Text.Json;
using System.Text.Json.Serialization;

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
    /// Header of <c>timeseries.csv</c>: one row per transport, load point and second of the measured
    /// window; the outcome columns count requests that finished that second with that outcome.
    /// </summary>
    /// <remarks>Built from the outcome enum and its written names, so the columns cannot drift from them.</remarks>
    public static string TimeSeriesHeader { get; } =
        "second,transport,load_point,started,finished,active,tokens_per_s,"
        + string.Join(',', Enum.GetValues<Harness.Clients.RequestOutcome>().Select(o => Harness.Clients.OutcomeNames.ToName(o)));

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

    /// <summary>Writes <c>results.json</c> and <c>histograms.hlog</c> into <paramref name="directory"/> (created if needed).</summary>
    public static void Write(string directory, RunResults results, HistogramSet histograms)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ResultsFile), JsonSerializer.Serialize(results, JsonOptions));
        using var stream = File.Create(Path.Combine(directory, HistogramsFile));
        histograms.Save(stream, results.StartedUtc.UtcDateTime);
    }

    /// <summary>Reads <c>results.json</c> and <c>histograms.hlog</c>; a clear error when the directory is not a results directory.</summary>
    public static (RunResults Results, HistogramSet Histograms) Read(string directory)
    {
        string resultsPath = Path.Combine(directory, ResultsFile);
        if (!File.Exists(resultsPath))
        {
            throw new FileNotFoundException($"'{directory}' is not a results directory: no {ResultsFile}", resultsPath);
        }

        var results = JsonSerializer.Deserialize<RunResults>(File.ReadAllText(resultsPath), JsonOptions)
            ?? throw new InvalidDataException($"{resultsPath} is empty");
        string histogramsPath = Path.Combine(directory, HistogramsFile);
        HistogramSet histograms;
        if (File.Exists(histogramsPath))
        {
            using var stream = File.OpenRead(histogramsPath);
            histograms = HistogramSet.Load(stream);
        }
        else
        {
            histograms = new HistogramSet();
        }

        return (results, histograms);
    }
}
