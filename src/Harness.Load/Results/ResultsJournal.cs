using Harness.Clients.Redaction;

namespace Harness.Load.Results;

/// <summary>
/// <c>timeseries.csv</c> and <c>requests.csv</c> appended while a run goes (the load engine hands
/// over new rows at least once a second), so a run that dies keeps the rows it measured. Each append
/// is one write of whole lines. At the end the results directory's own write replaces both files
/// atomically with the complete rows (<see cref="ResultsFiles.Write(string, RunResults, HistogramSet, IEnumerable{TimeSeriesRow}, IEnumerable{RequestRow})"/>).
/// </summary>
/// <remarks>
/// A second's row is appended once that second is over (a second's grace later, for requests still
/// being recorded): its starts, finishes and outcomes are final then, but tokens of a stream still
/// open at that moment are counted where they arrived only in the final file, since a stream's
/// tokens are recorded when it ends.
/// </remarks>
public sealed class ResultsJournal : IDisposable
{
    private readonly Lock _lock = new();
    private readonly string _directory;
    private FileStream? _timeSeries;
    private FileStream? _requests;
    private bool _disposed;

    private ResultsJournal(string directory) => _directory = directory;

    /// <summary>Why appending stopped (the disk filled, say), or null while it works. The run goes on either way.</summary>
    public string? Failure { get; private set; }

    /// <summary>
    /// A journal for <paramref name="directory"/> (claimed and writable): both files are started, with
    /// their headers, by the first rows, so a run that fails before measuring anything leaves none.
    /// </summary>
    public static ResultsJournal Create(string directory) => new(Path.GetFullPath(directory));

    /// <summary>Appends rows to both files and hands them to the operating system (a killed process keeps them; a lost machine may not).</summary>
    public void Append(IReadOnlyList<TimeSeriesRow> seconds, IReadOnlyList<RequestRow> requests)
    {
        ArgumentNullException.ThrowIfNull(seconds);
        ArgumentNullException.ThrowIfNull(requests);
        lock (_lock)
        {
            if (_disposed || Failure is not null || (seconds.Count == 0 && requests.Count == 0))
            {
                return;
            }

            try
            {
                _timeSeries ??= Open(ResultsDirectory.TimeSeriesFile, ResultsDirectory.TimeSeriesHeader);
                _requests ??= Open(ResultsDirectory.RequestsFile, ResultsDirectory.RequestsHeader);
                Append(_timeSeries, seconds.Select(r => r.ToCsv()));
                Append(_requests, requests.Select(r => r.ToCsv()));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Failure = $"rows could not be appended during the run ({ex.Message}); they are kept in memory for the final write";
            }
        }
    }

    /// <summary>Closes both files (what was appended stays).</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timeSeries?.Dispose();
            _requests?.Dispose();
        }
    }

    private FileStream Open(string file, string header)
    {
        // No FileStream buffer: each append goes to the file in one write, as whole lines.
        var stream = new FileStream(Path.Combine(_directory, file), FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        try
        {
            Append(stream, [], header);
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static void Append(FileStream stream, IEnumerable<string> lines, string? header = null)
    {
        // Whole lines, so one pass of the redactor sees every secret whole.
        byte[] bytes = SecretRedactor.Redact(CsvWriter.Encode(header, lines));
        if (bytes.Length > 0)
        {
            stream.Write(bytes);
            stream.Flush();
        }
    }
}
