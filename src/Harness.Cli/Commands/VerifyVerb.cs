using System.CommandLine;
using System.Globalization;
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
            Description = "A claim: METRIC PERCENTILE OP VALUE, e.g. \"ttft p95 < 50ms\". Metrics connect, tls, ttfb, ttfc, ttft, itl, tpot, e2e; any percentile (p50, p99.9); < or <=; units ms, s, us. Repeatable.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var transport = new Option<string?>("--transport") { Description = "Judge only this transport's series (sse, sse-h2, ws). Default: every series." };
        var loadPoint = new Option<string?>("--load-point") { Description = "Judge only this load point (c10, r20). Default: every load point." };
        var seed = new Option<int>("--seed") { Description = "Bootstrap seed.", DefaultValueFactory = _ => ClaimVerifier.DefaultSeed };
        var resamples = new Option<int>("--resamples") { Description = "Bootstrap resamples.", DefaultValueFactory = _ => ClaimVerifier.DefaultResamples };
        // Run options, used only without a results directory.
        var comparison = new ComparisonRunOptions("Run: ", defaultDuration: "10s", defaultWarmUp: "1s");
        var concurrency = new Option<string>("--concurrency") { Description = "Run: concurrent streams per load point, comma-separated.", DefaultValueFactory = _ => "10" };
        var command = new Command(
            "verify",
            "Check latency claims against a run: met / not met with a bootstrap 95% CI and sample size, per transport series. Exit 0 met, 1 not met, 3 inconclusive, 2 usage. Without RESULTS_DIR, runs a short comparison first.")
        {
            dir, claims, transport, loadPoint, seed, resamples, concurrency,
        };
        foreach (var option in comparison.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, ct) =>
        {
            var parsed = new List<LatencyClaim>();
            foreach (string text in result.GetValue(claims) ?? [])
            {
                try
                {
                    parsed.Add(LatencyClaim.Parse(text));
                }
                catch (FormatException ex)
                {
                    throw new UsageException(ex.Message);
                }
            }

            if (result.GetValue(resamples) < 100)
            {
                throw new UsageException("--resamples must be at least 100");
            }

            string? resultsDir = result.GetValue(dir);
            bool ranHere = string.IsNullOrEmpty(resultsDir);
            Option[] runOptions = [concurrency, .. comparison.All];
            if (!ranHere && runOptions.FirstOrDefault(o => result.GetResult(o) is { Implicit: false }) is { } given)
            {
                throw new UsageException($"{given.Name} is a run option: it applies only without RESULTS_DIR");
            }

            if (ranHere)
            {
                resultsDir = LoadCommandSupport.ResultsDirectoryFor(result.GetValue(comparison.Output));
                var settings = comparison.Apply(result, new CompareVerb.Settings
                {
                    Concurrencies = LoadCommandSupport.ParseNumbers(result.GetValue(concurrency)!, "--concurrency", 1, Harness.Load.Simulations.LoadProfile.MaxCopies).Select(c => (int)c).ToList(),
                    Report = false,
                }) with { OutDirectory = resultsDir };
                int ran = await CompareVerb.RunAsync(settings, "verify", console, ct);
                if (ran != ExitCodes.Ok || ct.IsCancellationRequested)
                {
                    return ran != ExitCodes.Ok ? ran : ExitCodes.Inconclusive;
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

            var verdicts = new List<ClaimVerdict>();
            foreach (var claim in parsed)
            {
                var forClaim = ClaimVerifier.Verify(run, histograms, claim, onlyTransport, result.GetValue(loadPoint), result.GetValue(resamples), result.GetValue(seed));
                verdicts.AddRange(forClaim);
                await PrintAsync(console.Out, claim, forClaim);
            }

            var overall = ClaimVerifier.Combine(verdicts);
            VerdictFile.Write(runDir, new VerdictFile
            {
                CreatedUtc = DateTimeOffset.UtcNow,
                Overall = overall,
                Method = BootstrapMethod.Description,
                Verdicts = verdicts,
            });
            if (ranHere || File.Exists(Path.Combine(runDir, ReportWriter.IndexFile)))
            {
                // Our own run gets its report now; an existing page is refreshed to show these verdicts.
                await ReportWriter.WriteAsync(runDir, ct: ct);
            }

            await console.Out.WriteLineAsync($"verdict: {Describe(overall)} ({verdicts.Count(v => v.Status == VerdictStatus.Met)} met, {verdicts.Count(v => v.Status == VerdictStatus.NotMet)} not met, {verdicts.Count(v => v.Status == VerdictStatus.Inconclusive)} inconclusive; verdicts.json written)");
            return (int)overall;
        });
        return command;
    }

    private static async Task PrintAsync(TextWriter output, LatencyClaim claim, IReadOnlyList<ClaimVerdict> verdicts)
    {
        await output.WriteLineAsync($"{claim.Text}  [{claim.Canonical}]: {Describe(ClaimVerifier.Combine(verdicts))}");
        if (verdicts.Count == 0)
        {
            await output.WriteLineAsync("  no series matched");
        }

        foreach (var v in verdicts)
        {
            string network = v.NetworkRoundTripMs is double rtt
                ? string.Create(CultureInfo.InvariantCulture, $"; network round trip ≈ {rtt:0.###} ms ({v.NetworkShare * 100:0.#}% of it), server + transfer ≈ {v.ServerTimeMs:0.###} ms")
                : v.Metric is "ttfb" or "ttfc" or "ttft" or "e2e"
                    ? "; network share unknown (no new connection measured in this series)"
                    : string.Empty;
            await output.WriteLineAsync($"  {v.Transport,-7} {v.LoadPoint,-6} {Describe(v.Status),-12} {v.Reason}{network}");
        }
    }

    private static string Describe(VerdictStatus status) => status switch
    {
        VerdictStatus.Met => "met",
        VerdictStatus.NotMet => "NOT met",
        _ => "inconclusive",
    };
}
