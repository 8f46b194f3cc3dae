using System.CommandLine;
using System.Globalization;
using Harness.Cli.Options;
using Harness.Load.Results;
using Harness.Reports;
using Harness.Reports.Claims;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness verify --claim "ttft p95 &lt; 50ms" [--claim ...] [RESULTS_DIR | run options]</c>: judges
/// each claim per transport series with a bootstrap 95% interval, writes <c>verdicts.json</c> and
/// exits 0 (met), 1 (not met) or 3 (inconclusive). Without a results directory it first runs a
/// short comparison (the embedded fake unless <c>--url</c>/<c>--ws-url</c>) and judges that.
/// </summary>
public sealed class VerifyVerb : ICliVerb
{
    /// <inheritdoc />
    public int Order => 75;

    /// <inheritdoc />
    public Command Create(CliConsole console)
    {
        var dir = new Argument<string?>("results-dir")
        {
            Description = "A results directory (from compare or load). Without it, verify runs a short comparison first (the run options below) and judges that.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var claims = new Option<string[]>("--claim")
        {
            Description = "A claim (repeatable): latency \"ttft p95 < 50ms\" (metrics connect, tls, ttfb, ttfc, ttft, itl, tpot, e2e; units ms, s, us; failed requests count above any limit), error share \"errors < 1%\" or \"http_error(429) < 0.5%\", goodput \"goodput >= 95% where ttft < 500ms, e2e < 10s\", throughput \"tokens/s >= 2000\" or \"requests/s >= 10\". See docs/endpoints.md.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var transport = new Option<string?>("--transport") { Description = "Judge only this transport's series (sse, sse-h2, ws). Default: every series." };
        var loadPoint = new Option<string?>("--load-point") { Description = "Judge only this load point (c10, r20). Default: every load point." };
        var junit = new Option<string?>("--junit") { Description = "Also write the verdicts as JUnit XML to FILE: a test case per claim × series (met passes, not met fails, inconclusive errors)." };
        var seed = new Option<int>("--seed") { Description = "Bootstrap seed.", DefaultValueFactory = _ => ClaimVerifier.DefaultSeed };
        var resamples = new Option<int>("--resamples") { Description = "Bootstrap resamples.", DefaultValueFactory = _ => ClaimVerifier.DefaultResamples };
        // Run options, used only without a results directory.
        var comparison = new ComparisonRunOptions("Run: ", defaultDuration: "10s", defaultWarmUp: "1s");
        var concurrency = new Option<string>("--concurrency") { Description = "Run: concurrent streams per load point, comma-separated.", DefaultValueFactory = _ => "10" };
        var command = new Command(
            "verify",
            "Check claims (latency percentiles, error share, goodput, throughput) against a run, per transport series: met / not met with a 95% interval and sample size. Exit 0 met, 1 not met, 3 inconclusive, 2 usage. Without RESULTS_DIR, runs a short comparison first.")
        {
            dir, claims, transport, loadPoint, seed, resamples, junit, concurrency,
        };
        foreach (var option in comparison.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, ct) =>
        {
            var parsed = ClaimJudging.Parse(result.GetValue(claims) ?? [], "--claim");
            ClaimJudging.Resamples(result.GetValue(resamples));

            WritableFile.Require(result.GetValue(junit), "--junit", result.GetValue(comparison.Force), createDirectory: true);
            string? resultsDir = result.GetValue(dir);
            bool ranHere = string.IsNullOrEmpty(resultsDir);
            // --force also lets --junit replace a file, so it is not a run option alone.
            Option[] runOptions = [concurrency, .. comparison.All.Where(o => o != comparison.Force)];
            if (!ranHere && runOptions.FirstOrDefault(o => result.GetResult(o) is { Implicit: false }) is { } given)
            {
                throw new UsageException($"{given.Name} is a run option: it applies only without RESULTS_DIR");
            }

            int ranCode = ExitCodes.Ok;
            if (ranHere)
            {
                resultsDir = LoadCommandSupport.ResultsDirectoryFor(result.GetValue(comparison.Output));
                var settings = comparison.Apply(result, new CompareSettings
                {
                    Concurrencies = LoadOptions.ParseCounts(result.GetValue(concurrency)!, "--concurrency", Harness.Load.Simulations.LoadProfile.MaxCopies),
                    Report = false,
                    PrintsPath = false,
                }) with { OutDirectory = resultsDir };
                ranCode = await CompareVerb.RunAsync(settings, "verify", console, ct);
                // A run whose every request failed, or one a signal interrupted, is still judged and
                // written (verdicts, JUnit, report), as compare's --threshold is: a CI job publishes what
                // it measured, and its claims read "not met" rather than leaving no file. The signal's
                // exit code replaces whatever this returns.
                // A run that ended ok measured requests; only a failed or interrupted one is read to find out.
                bool judgeable = (ranCode == ExitCodes.Ok && !ct.IsCancellationRequested)
                    || ((ranCode == ExitCodes.Failed || ct.IsCancellationRequested) && ranCode != ExitCodes.Usage && HasMeasured(resultsDir));
                if (!judgeable)
                {
                    // Nothing judged: the results, such as they are, end stdout as a run without a report's do.
                    console.Out.WriteLine(resultsDir);
                    return ranCode != ExitCodes.Ok ? ranCode : ExitCodes.Inconclusive;
                }
            }

            string runDir = resultsDir!;
            ReportVerb.RequireResultsDir(runDir);
            var (run, histograms) = ResultsDirectory.Read(runDir);
            string? onlyTransport = result.GetValue(transport);
            if (onlyTransport is not null && !run.Series.Any(s => string.Equals(s.Transport, onlyTransport, StringComparison.OrdinalIgnoreCase)))
            {
                throw new UsageException($"--transport {onlyTransport}: no such series in {runDir} (has {string.Join(", ", run.Series.Select(s => s.Transport).Distinct())})");
            }

            RequireMeasuredSeries(run, runDir, onlyTransport, result.GetValue(loadPoint));
            int code = await ClaimJudging.JudgeAsync(runDir, parsed, onlyTransport, result.GetValue(loadPoint), result.GetValue(resamples), result.GetValue(seed), result.GetValue(junit), "verify", console, ct);
            if (ranHere || File.Exists(Path.Combine(runDir, ReportWriter.IndexFile)))
            {
                // Our own run gets its report now; an existing page is refreshed to show these verdicts.
                // Its index.html ends stdout, as compare's does. Not the run's token: after a signal the
                // report is still written, like compare's.
                try
                {
                    console.Out.WriteLine(await ReportWriter.WriteAsync(runDir, ct: CancellationToken.None));
                }
                catch (Exception ex) when (!ranHere && ex is IOException or UnauthorizedAccessException)
                {
                    // Someone else's results, read-only: the verdicts were printed and the exit code says them.
                    console.Error.WriteLine($"harness: warning: the report in {Path.GetFullPath(runDir)} not refreshed ({(ex is UnauthorizedAccessException ? "no permission to write there" : ex.Message)}); the verdicts above stand");
                }
            }

            // A run that failed whole stays a failure whatever its claims read.
            return ranCode == ExitCodes.Failed ? ExitCodes.Failed : code;
        });
        return command;
    }

    /// <summary>Whether an interrupted run left results with at least one measured request to judge.</summary>
    private static bool HasMeasured(string dir) =>
        File.Exists(Path.Combine(dir, ResultsDirectory.ResultsFile)) && ResultsDirectory.Read(dir).Results.Series.Any(s => s.Requests > 0);

    /// <summary>
    /// A <c>--load-point</c> the run does not have, or a selection whose series measured no request,
    /// is a usage error naming the load points there are: judging nothing would pass as inconclusive.
    /// </summary>
    private static void RequireMeasuredSeries(Harness.Load.Results.RunResults run, string runDir, string? transport, string? loadPoint)
    {
        static bool Is(string a, string? b) => b is null || string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
        string Points(Func<Harness.Load.Results.SeriesResult, bool> which) =>
            string.Join(", ", run.Series.Where(s => Is(s.Transport, transport) && which(s)).Select(s => s.LoadPoint).Distinct(StringComparer.OrdinalIgnoreCase)) is { Length: > 0 } list ? list : "none";

        if (loadPoint is not null && !run.Series.Any(s => Is(s.Transport, transport) && Is(s.LoadPoint, loadPoint)))
        {
            throw new UsageException($"--load-point {loadPoint}: no such load point in {runDir}{(transport is null ? string.Empty : $" for {transport}")} (has {Points(_ => true)})");
        }

        var selected = run.Series.Where(s => Is(s.Transport, transport) && Is(s.LoadPoint, loadPoint)).ToList();
        if (selected.Count > 0 && selected.All(s => s.Requests == 0))
        {
            string what = loadPoint is null ? $"no series in {runDir} measured a request" : $"--load-point {loadPoint}: its series in {runDir} measured no request";
            throw new UsageException($"{what}, so there is nothing to judge (load points with requests: {Points(s => s.Requests > 0)})");
        }
    }
}
