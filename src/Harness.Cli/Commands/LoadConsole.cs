using System.Globalization;
using Harness.Clients;
using Harness.Load;
using Harness.Load.Results;

namespace Harness.Cli.Commands;

/// <summary>
/// What the load verbs print on stderr while and after a run — the progress line, one line per
/// series, the saturation warning — and the run's exit code with the line saying why it failed.
/// stdout carries only the results' path.
/// </summary>
internal static class LoadConsole
{
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

    /// <summary>A line about the run as it happens (a round measured again), on a line of its own beside the progress.</summary>
    public static Action<string> NoticePrinter(CliConsole console) => line =>
    {
        lock (console.Error)
        {
            EndProgressLine(console);
            console.Error.WriteLine("harness: " + line);
        }
    };

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
            $"{s.Transport,-6} {s.LoadPoint,-6} requests={s.Requests} errors={s.Errors}{(s.Errors > 0 ? $" ({OutcomesText(s)})" : string.Empty)} late={s.LateSends}{(s.BufferedStreams > 0 ? $" at-once={s.BufferedStreams}/{s.JudgedStreams}" : string.Empty)} ttft p50/p99={Metric("ttft")} ms itl={Metric("itl")} ms e2e={Metric("e2e")} ms lag p99={run.Saturation.LagP99Ms:0.00} ms{TokensText(s.TokenAccounting)}{(s.FakeLateness is { } fake ? $" fake late p99={fake.P99Ms:0.0} ms" : string.Empty)}{(s.SetAside is { Count: > 0 } setAside ? $" measured-again={setAside.Count}" : string.Empty)}{PausesText(s.HarnessPauses)}{(run.Saturation.Saturated && s.Succeeded > 0 ? $" HARNESS SATURATED ({run.Saturation.Describe()})" : string.Empty)}"));
    }

    /// <summary>
    /// The warning after a saturated run, naming where the lag passed the threshold (a series, or one
    /// round of it). Not when no request succeeded (<see cref="RunFailure.Of"/>): failures record no
    /// latency for the lag to skew, and the lag came from the loop of failures itself, so the failure
    /// (<see cref="RunExitCode"/>) is the headline, not the harness.
    /// </summary>
    public static void WarnIfSaturated(CliConsole console, RunResults results)
    {
        var saturation = results.Saturation;
        if (saturation.Saturated && RunFailure.Of(results.Series) is null)
        {
            console.Error.WriteLine($"harness: warning: harness saturated ({saturation.Describe()}): these figures describe the client, not the server");
        }
    }

    /// <summary>Before a run, the line saying the machine's own pauses go unmeasured (<see cref="Harness.Load.Scheduling.MachinePauses"/>), when they do.</summary>
    public static void WarnIfMachineUnmeasured(CliConsole console)
    {
        if (Harness.Load.Scheduling.MachinePauses.Unmeasured() is { } unmeasured)
        {
            console.Error.WriteLine(unmeasured);
        }
    }

    /// <summary>After a run whose answers mostly came all at once in some series (<see cref="BufferedAnswers"/>), the warning the report's top repeats.</summary>
    public static void WarnIfBuffered(CliConsole console, RunResults results)
    {
        if (BufferedAnswers.Of(results.Series) is { } buffered)
        {
            console.Error.WriteLine($"harness: warning: {buffered}");
        }
    }

    /// <summary>The harness's own pauses in the window, for the series line.</summary>
    private static string PausesText(HarnessPauses? p) => p is null || p.Count == 0
        ? string.Empty
        : string.Create(CultureInfo.InvariantCulture, $" pauses={p.Count}{(p.MachineCount is > 0 and long machine ? $" machine={machine}" : string.Empty)} max={p.MaxMs:0.0} ms delayed {p.TtftDelayed}/{p.TtftMeasured} ttft{(p.TtftUndelayed is { } u ? $" (p99 of the rest {u.P99:0.0} ms)" : string.Empty)}{(p.E2eDelayed > 0 ? $" {p.E2eDelayed}/{p.E2eMeasured} e2e{(p.E2eUndelayed is { } e ? $" (p99 of the rest {e.P99:0.0} ms)" : string.Empty)}" : string.Empty)}");

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
    /// finished), or when one series failed every request that ended: a run that measured nothing
    /// but errors, or a transport that served nothing beside one that did, is not a result to pass
    /// a pipeline on, nor is a series stopped because the endpoint could not serve it
    /// (<see cref="SeriesResult.StoppedBecause"/>). Requests cut off by a signal (<c>stopped</c>) count neither way. The run-wide
    /// line is <see cref="RunFailure.Of"/>'s, which the report's top repeats.
    /// </summary>
    public static int RunExitCode(IReadOnlyList<LoadSeriesRun> runs, CliConsole console)
    {
        var series = runs.Select(r => r.Series).ToList();
        // A series stopped because the endpoint cannot serve it says so in one line, and fails the run.
        var stopped = series.Where(s => s.StoppedBecause is not null).ToList();
        foreach (var s in stopped)
        {
            console.Error.WriteLine($"harness: stopped{(series.Count > 1 ? $" {s.Transport} {s.LoadPoint}" : string.Empty)}: {Options.EndpointOptions.WithInsecureHint(RunFailure.StopText(s))}");
        }

        if (RunFailure.Of(series) is { } whole)
        {
            if (stopped.Count > 0)
            {
                return ExitCodes.Failed;
            }

            console.Error.WriteLine(RunFailure.Stopped(series)
                ? $"harness: the run was {whole}"
                : $"harness: the run failed: {Options.EndpointOptions.WithInsecureHint(whole)}");
            return ExitCodes.Failed;
        }

        var failed = runs.Where(r => r.Series.FailedEveryRequest && r.Series.StoppedBecause is null).ToList();
        foreach (var run in failed)
        {
            var s = run.Series;
            console.Error.WriteLine($"harness: the run failed: every request of {s.Transport} {s.LoadPoint} failed ({s.Errors} of {s.Requests}: {OutcomesText(s)}{FirstFailureText([run.FirstFailure], s.Outcomes.Count)})");
        }

        return failed.Count > 0 || stopped.Count > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }

    /// <summary>"http_error 592, stopped 3": a series' outcomes other than ok, in the order they were counted.</summary>
    private static string OutcomesText(SeriesResult s) =>
        string.Join(", ", s.Outcomes.Where(o => o.Key != RequestOutcome.Ok.ToName() && o.Value > 0).Select(o => $"{o.Key} {o.Value}"));

    /// <summary>
    /// <see cref="RunFailure.FirstFailureText"/>; an untrusted certificate adds that <c>--insecure</c>
    /// accepts it (every verb printing this has it).
    /// </summary>
    public static string FirstFailureText(IEnumerable<string?> firstFailures, int outcomeKinds) =>
        Options.EndpointOptions.WithInsecureHint(RunFailure.FirstFailureText(firstFailures, outcomeKinds));
}
