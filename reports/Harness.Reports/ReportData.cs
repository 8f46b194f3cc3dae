using Harness.Load;
using Harness.Load.Results;
using Harness.Reports.Claims;

namespace Harness.Reports;

/// <summary>Everything the report reads from a results directory.</summary>
public sealed class ReportData
{
    /// <summary>The directory read.</summary>
    public required string Directory { get; init; }

    /// <summary><c>results.json</c>.</summary>
    public required RunResults Results { get; init; }

    /// <summary><c>histograms.hlog</c> (empty when absent).</summary>
    public required HistogramSet Histograms { get; init; }

    /// <summary><c>timeseries.csv</c> (empty when absent).</summary>
    public IReadOnlyList<TimeSeriesRow> TimeSeries { get; init; } = [];

    /// <summary><c>requests.csv</c> (empty when absent).</summary>
    public IReadOnlyList<RequestRow> Requests { get; init; } = [];

    /// <summary><c>verdicts.json</c>, or null.</summary>
    public VerdictFile? Verdicts { get; init; }

    /// <summary>The transports present, in the canonical order (sse, sse-h2, ws, then any other).</summary>
    public IReadOnlyList<string> Transports =>
        [.. Results.Series.Select(s => s.Transport).Distinct(StringComparer.Ordinal).OrderBy(TransportPalette.OrderOf).ThenBy(t => t, StringComparer.Ordinal)];

    /// <summary>The load points present, ordered by concurrency or rate.</summary>
    public IReadOnlyList<string> LoadPoints =>
        [.. Results.Series.GroupBy(s => s.LoadPoint, StringComparer.Ordinal)
            .OrderBy(g => g.First().Concurrency ?? g.First().RatePerSecond ?? double.MaxValue)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)];

    /// <summary>Reads a results directory; a clear error when it is not one.</summary>
    /// <exception cref="FileNotFoundException">No <c>results.json</c>.</exception>
    public static ReportData Read(string directory)
    {
        var (results, histograms) = ResultsDirectory.Read(directory);
        return new ReportData
        {
            Directory = directory,
            Results = results,
            Histograms = histograms,
            TimeSeries = ResultsFiles.ReadTimeSeries(directory),
            Requests = ResultsFiles.ReadRequests(directory),
            Verdicts = VerdictFile.Read(directory),
        };
    }
}
