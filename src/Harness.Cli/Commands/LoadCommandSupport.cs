using System.CommandLine;
using System.Globalization;
using System.Net.Security;
using Harness.Cli.Options;
using Harness.Clients;
using Harness.Core;
using Harness.Core.Schedule;
using Harness.Fakes;
using Harness.Load;
using Harness.Load.Results;
using Harness.Load.Simulations;

namespace Harness.Cli.Commands;

/// <summary>What the load verbs (<c>compare</c>, <c>load</c>, the no-verb main job) share: parsing, endpoints, progress, results, report.</summary>
internal static class LoadCommandSupport
{
    public static IReadOnlyList<Transport> ParseTransports(string text)
    {
        var list = new List<Transport>();
        foreach (string name in Items(text, "--transports"))
        {
            if (!TransportNames.TryParse(name, out var transport))
            {
                throw new UsageException($"unknown transport '{name}' (sse, sse-h2, ws)");
            }

            list.Add(list.Contains(transport) ? throw Twice(name, text, "--transports") : transport);
        }

        return list.Count > 0 ? list : throw new UsageException("--transports needs at least one of sse, sse-h2, ws");
    }

    /// <summary>Rates: numbers from <paramref name="min"/> to <paramref name="max"/>, each once.</summary>
    public static IReadOnlyList<double> ParseNumbers(string? text, string option, double min, double max)
    {
        var list = new List<double>();
        foreach (string item in Items(text, option))
        {
            if (!double.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value >= min && value <= max))
            {
                throw new UsageException($"{option}: '{item}' is not a number from {min} to {max}");
            }

            list.Add(list.Contains(value) ? throw Twice(item, text!, option) : value);
        }

        return list;
    }

    /// <summary>Concurrencies: whole numbers from 1 to <paramref name="max"/>, each once (1.5 streams cannot run).</summary>
    public static IReadOnlyList<int> ParseCounts(string? text, string option, int max)
    {
        var list = new List<int>();
        foreach (string item in Items(text, option))
        {
            if (!int.TryParse(item, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) || value < 1 || value > max)
            {
                throw new UsageException($"{option}: '{item}' is not a whole number from 1 to {max}");
            }

            list.Add(list.Contains(value) ? throw Twice(item, text!, option) : value);
        }

        return list;
    }

    public static TimeSpan ParseDuration(string text, string option)
    {
        try
        {
            return DurationText.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"{option}: {ex.Message}");
        }
    }

    /// <summary><c>--metrics-port</c>, the same on every load verb.</summary>
    public static Option<int?> MetricsPortOption() =>
        new("--metrics-port") { Description = "Serve live Prometheus metrics at http://*:PORT/metrics during the run (see docs/deploy.md)." };

    public static AgentShare ParseAgent(string? text)
    {
        try
        {
            return text switch
            {
                null => AgentShare.Whole,
                "auto" => AgentShare.FromEnvironment(Environment.GetEnvironmentVariable),
                _ => AgentShare.Parse(text),
            };
        }
        catch (LoadProfileException ex)
        {
            throw new UsageException($"--agent: {ex.Message}");
        }
    }

    /// <summary>The furthest ahead <c>--start-at</c> may be.</summary>
    public static readonly TimeSpan MaxStartAhead = TimeSpan.FromHours(24);

    public static DateTimeOffset? ParseStartAt(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            // A start already past would start this agent at once, out of step with the others.
            var late = DateTimeOffset.UtcNow - at;
            if (late > TimeSpan.FromSeconds(1))
            {
                throw new UsageException($"--start-at: {text} passed {late.TotalSeconds:0} s ago, so the agents would not start together; give a time still ahead");
            }

            // Agents start within minutes of each other; a day ahead is a typo (a wrong date) that
            // would hold the run, silently, for days.
            return -late <= MaxStartAhead
                ? at
                : throw new UsageException($"--start-at: {text} is {-late.TotalHours:0} h ahead, more than {MaxStartAhead.TotalHours:0} h; give a time within a day");
        }

        throw new UsageException($"--start-at: '{text}' is not an ISO-8601 time (like 2026-01-01T12:00:00Z)");
    }

    public static TokenSchedule ParseSchedule(string? text)
    {
        if (text is null)
        {
            return TokenSchedule.Default;
        }

        return TokenSchedule.TryParse(text, null, out var schedule, out string? error)
            ? schedule!
            : throw new UsageException($"--schedule: {error}");
    }

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

        /// <summary>The endpoints <paramref name="settings"/> name, with their key and tokenizer.</summary>
        public static Endpoints Of(EndpointSettings settings) =>
            new(settings.Url, settings.Url, settings.WebSocketUrl, EndpointOptions.ApiKeyFor(settings), EndpointOptions.TokenCounterFor(settings));
    }

    /// <summary>Progress on stderr, once a second: one rewritten line on a terminal, plain lines otherwise.</summary>
    public static Action<LoadProgress> ProgressPrinter(CliConsole console)
    {
        bool terminal = console.ErrorIsTerminal;
        return progress =>
        {
            lock (console.Error)
            {
                if (terminal)
                {
                    console.Error.Write("\r\u001b[K" + progress);
                }
                else
                {
                    console.Error.WriteLine(progress);
                }
            }
        };
    }

    public static void EndProgressLine(CliConsole console)
    {
        if (console.ErrorIsTerminal)
        {
            console.Error.WriteLine();
        }
    }

    /// <summary>One line per series on stderr after the run (stdout carries only the results' path).</summary>
    public static void PrintSeries(CliConsole console, LoadSeriesRun run)
    {
        var s = run.Series;
        string Metric(string name) => s.Metrics.TryGetValue(name, out var m) ? string.Create(CultureInfo.InvariantCulture, $"{m.P50:0.0}/{m.P99:0.0}") : "-";
        console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{s.Transport,-6} {s.LoadPoint,-6} requests={s.Requests} errors={s.Errors} late={s.LateSends} ttft p50/p99={Metric("ttft")} ms itl={Metric("itl")} ms e2e={Metric("e2e")} ms lag p99={run.Saturation.LagP99Ms:0.00} ms{TokensText(s.TokenAccounting)}{(s.FakeLateness is { } fake ? $" fake late p99={fake.P99Ms:0.0} ms" : string.Empty)}{PausesText(s.HarnessPauses)}{(run.Saturation.Saturated ? $" HARNESS SATURATED ({run.Saturation.Describe()})" : string.Empty)}"));
    }

    /// <summary>The warning after a saturated run, naming where the lag passed the threshold (a series, or one round of it).</summary>
    public static void WarnIfSaturated(CliConsole console, SaturationStatus saturation)
    {
        if (saturation.Saturated)
        {
            console.Error.WriteLine($"harness: warning: harness saturated ({saturation.Describe()}): these figures describe the client, not the server");
        }
    }

    /// <summary>The harness's own pauses in the window, for the series line.</summary>
    private static string PausesText(HarnessPauses? p) => p is null || p.Count == 0
        ? string.Empty
        : string.Create(CultureInfo.InvariantCulture, $" pauses={p.Count} max={p.MaxMs:0.0} ms delayed {p.TtftDelayed}/{p.TtftMeasured} ttft{(p.TtftUndelayed is { } u ? $" (p99 of the rest {u.P99:0.0} ms)" : string.Empty)}");

    /// <summary>Where a series' token counts came from, and its usage-vs-tokenizer mismatches, for the series line.</summary>
    private static string TokensText(OutputTokenAccounting? a)
    {
        if (a is null)
        {
            return string.Empty;
        }

        var inv = CultureInfo.InvariantCulture;
        string sources = string.Create(inv, $" tokens from usage/counted/deltas={a.FromUsage}/{a.Counted}/{a.FromDeltas}");
        return a.Mismatched == 0 ? sources
            : sources + string.Create(inv, $" usage≠counted {a.Mismatched}/{a.Compared} (mean {a.MeanRelativeDifference:0.#%}, max {a.MaxRelativeDifference:0.#%})");
    }

    /// <summary>
    /// <see cref="ExitCodes.Failed"/> when no measured request succeeded (every one failed, or none
    /// finished): a run that measured nothing but errors is not a result to pass a pipeline on.
    /// </summary>
    public static int RunExitCode(IReadOnlyList<LoadSeriesRun> runs, CliConsole console)
    {
        long requests = runs.Sum(r => r.Series.Requests);
        long ok = runs.Sum(r => r.Series.Succeeded);
        if (ok > 0)
        {
            return ExitCodes.Ok;
        }

        var outcomes = runs.SelectMany(r => r.Series.Outcomes).GroupBy(o => o.Key).Select(g => $"{g.Key} {g.Sum(o => o.Value)}").ToList();
        console.Error.WriteLine(requests == 0
            ? "harness: the run failed: no measured request finished"
            : $"harness: the run failed: every request failed ({requests} of {requests}: {string.Join(", ", outcomes)}{FirstFailureText(runs.Select(r => r.FirstFailure), outcomes.Count)})");
        return ExitCodes.Failed;
    }

    /// <summary>
    /// "; first: connection refused (127.0.0.1:8080)": what the first failed request met, so a run
    /// that failed whole names its cause (and, through it, where). The outcome is left off when every
    /// failure had the same one, since the counts just named it. Empty when no failure was kept.
    /// </summary>
    public static string FirstFailureText(IEnumerable<string?> firstFailures, int outcomeKinds)
    {
        ArgumentNullException.ThrowIfNull(firstFailures);
        if (firstFailures.FirstOrDefault(f => f is not null) is not { } first)
        {
            return string.Empty;
        }

        int colon = first.IndexOf(": ", StringComparison.Ordinal);
        return outcomeKinds != 1 ? $"; first: {first}"
            : colon > 0 ? $"; first: {first[(colon + 2)..]}"
            : string.Empty;
    }

    /// <summary>
    /// The end of every verb that writes results: renders the report beside them when
    /// <paramref name="writeReport"/>, then prints the last line of stdout — the report's
    /// <c>index.html</c>, or the results directory when there is no report (not asked for, or it
    /// failed: a warning, the results stay). An interrupted run ends here too, so its partial
    /// results get their report: it takes about a second, and a second signal still ends the
    /// process at once (<see cref="Interruption"/> intercepts only the first).
    /// </summary>
    public static async Task FinishAsync(string directory, bool writeReport, CliConsole console, CancellationToken ct)
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

        console.Out.WriteLine(index ?? directory);
    }

    /// <summary>
    /// The comma-separated items of a list option. An empty item ("10,,20", "sse,") is refused, as
    /// the parsers refuse an item given twice ("10,10"): it is a typo, and dropping it silently
    /// would run another sweep than the one asked for.
    /// </summary>
    private static UsageException Twice(string item, string text, string option) =>
        new($"{option}: '{item}' is given twice in '{text}'");

    private static List<string> Items(string? text, string option)
    {
        var items = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return items;
        }

        foreach (string item in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (item.Length == 0)
            {
                throw new UsageException($"{option}: '{text}' has an empty item (a stray comma?)");
            }

            items.Add(item);
        }

        return items;
    }
}
