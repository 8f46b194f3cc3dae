using System.CommandLine;
using System.Globalization;
using System.Net.Security;
using Harness.Cli.Options;
using Harness.Clients;
using Harness.Fakes;
using Harness.Load.Results;

namespace Harness.Cli.Commands;

/// <summary>
/// What the load verbs (<c>compare</c>, <c>load</c>, the no-verb main job) share besides their
/// options (<see cref="LoadOptions"/>) and console lines (<see cref="LoadConsole"/>): the endpoints
/// each transport uses, and the results directory's life — claimed, journalled, saved, reported.
/// </summary>
internal static class LoadCommandSupport
{
    /// <summary>
    /// Claims the results directory before anything is measured (created, writable, locked; an
    /// earlier run's directory refused unless <paramref name="force"/>), so a bad <c>--out</c>
    /// fails in a second, not after the whole run.
    /// </summary>
    public static OutputDirectory ClaimResultsDirectory(string? requested, string verb, bool force) =>
        OutputDirectory.Claim(ResultsDirectoryFor(requested), $"harness {verb}", force);

    /// <summary>
    /// Starts <c>timeseries.csv</c> and <c>requests.csv</c> in the claimed directory, appended while
    /// the run goes, so a run that dies keeps what it measured.
    /// </summary>
    public static ResultsJournal OpenJournal(OutputDirectory output) => ResultsJournal.Create(output.FullPath);

    /// <summary>Closes the journal before the final files replace it; a warning when appending had failed during the run.</summary>
    public static void CloseJournal(ResultsJournal journal, CliConsole console)
    {
        journal.Dispose();
        if (journal.Failure is { } failure)
        {
            console.Error.WriteLine($"harness: warning: {failure}");
        }
    }

    /// <summary>
    /// Runs the final write of a results directory (<paramref name="write"/>). When it fails (disk
    /// full, a read-only or vanished directory) the run's measurements are not all lost: the line
    /// says which files are in <paramref name="directory"/> (the CSVs appended during the run) and
    /// which are not, exit 2, instead of an exception naming neither.
    /// </summary>
    public static T SaveResults<T>(string directory, Func<T> write)
    {
        try
        {
            return write();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            string[] files = [ResultsDirectory.ResultsFile, ResultsDirectory.HistogramsFile, ResultsDirectory.RequestsFile, ResultsDirectory.TimeSeriesFile];
            var saved = files.Where(f => new FileInfo(Path.Combine(directory, f)) is { Exists: true, Length: > 0 }).ToList();
            string kept = saved.Count == 0 ? "nothing was saved" : $"saved: {string.Join(", ", saved)}";
            throw new UsageException($"{directory}: the results could not be written ({ex.Message}); {kept}; not saved: {string.Join(", ", files.Except(saved))}, and no report");
        }
    }

    /// <summary>The <c>--force</c> option of every verb writing a results directory; <paramref name="junit"/> when the verb also writes a <c>--junit</c> file.</summary>
    public static Option<bool> ForceOption(bool junit = true) => new("--force")
    {
        Description = "Replace an earlier run's results in --out (its files are deleted first; only a results directory is ever cleared)" + (junit ? ", and an existing --junit file." : "."),
    };

    /// <summary><c>results/yyyyMMdd-HHmmss</c> (a suffix when that exists), or <paramref name="requested"/>.</summary>
    public static string ResultsDirectoryFor(string? requested)
    {
        if (!string.IsNullOrEmpty(requested))
        {
            return Path.GetFullPath(requested);
        }

        string stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        string dir = Path.GetFullPath(Path.Combine("results", stamp));
        for (int i = 2; Directory.Exists(dir); i++)
        {
            dir = Path.GetFullPath(Path.Combine("results", $"{stamp}-{i}"));
        }

        return dir;
    }

    /// <summary>The endpoints each transport uses (the embedded fake's, or the given URLs), and the tokenizer counting output.</summary>
    public sealed record Endpoints(Uri? Http, Uri? Http2, Uri? WebSocket, string? ApiKey, TokenCounter? Tokenizer)
    {
        /// <summary>Replaces the system's TLS certificate checks (the stand-in's clients accept its own certificate alone); null keeps them.</summary>
        public RemoteCertificateValidationCallback? CertificateValidation { get; init; }

        /// <summary>Per-request limits of every client made.</summary>
        public ClientTimeouts Timeouts { get; init; } = new();

        public IChatStreamClient Create(Transport transport, int retries)
        {
            Uri endpoint = transport switch
            {
                Transport.Sse => Http,
                Transport.SseHttp2 => Http2,
                _ => WebSocket,
            } ?? throw new UsageException($"no endpoint for {transport.ToName()}: give {(transport == Transport.WebSocket ? "--ws-url" : "--url")}");
            return ChatStreamClientFactory.Create(transport, new ChatClientOptions
            {
                Endpoint = endpoint,
                ApiKey = ApiKey,
                Retry = retries == 0 ? RetryOptions.None : new RetryOptions { MaxRetries = retries },
                OutputTokenCounter = Tokenizer,
                Timeouts = Timeouts,
            }, CertificateValidation);
        }

        public static Endpoints Of(FakeServer fake, TokenCounter? tokenizer) => new(fake.HttpBaseUrl, fake.Http2BaseUrl, fake.WebSocketUrl, null, tokenizer);

        /// <summary>The endpoints <paramref name="settings"/> name, with their key, tokenizer and certificate check (<c>--insecure</c>).</summary>
        public static Endpoints Of(EndpointSettings settings) =>
            new(settings.Url, settings.Url, settings.WebSocketUrl, EndpointOptions.ApiKeyFor(settings), EndpointOptions.TokenCounterFor(settings))
            {
                CertificateValidation = EndpointOptions.CertificateValidationFor(settings),
            };
    }

    /// <summary>
    /// The end of every verb that writes results: renders the report beside them when
    /// <paramref name="writeReport"/>, then prints the last line of stdout — the report's
    /// <c>index.html</c>, or the results directory when there is no report (not asked for, or it
    /// failed: a warning, the results stay). An interrupted run ends here too, so its partial
    /// results get their report: it takes about a second, and a second signal still ends the
    /// process at once (<see cref="Interruption"/> intercepts only the first). Without
    /// <paramref name="printPath"/> the caller prints that line itself.
    /// </summary>
    public static async Task FinishAsync(string directory, bool writeReport, CliConsole console, CancellationToken ct, bool printPath = true)
    {
        string? index = null;
        if (writeReport)
        {
            try
            {
                (index, var summary) = await Harness.Reports.ReportWriter.WriteWithSummaryAsync(directory, null, ct);
                if (summary.Decision is { } decision)
                {
                    console.Error.WriteLine(Harness.Reports.Decision.DecisionSection.InShort(decision, inReport: false));
                }

                console.Error.WriteLine($"results: {directory}");
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                console.Error.WriteLine($"harness: warning: the report could not be written ({ex.Message}); the results are in {directory}");
            }
        }

        if (printPath)
        {
            console.Out.WriteLine(index ?? directory);
        }
    }
}
