using System.Globalization;
using Harness.Load.Results;
using Harness.Reports;
using Harness.Reports.Claims;
using Harness.Reports.JUnit;

namespace Harness.Cli.Commands;

/// <summary>
/// Judging claims against a results directory, the same for <c>verify --claim</c> and for
/// <c>--threshold</c> / scenario <c>thresholds</c> on compare and load: print each verdict, write
/// <c>verdicts.json</c> (and a JUnit file when asked), return the exit code (0 met, 1 not met, 3 inconclusive).
/// </summary>
internal static class ClaimJudging
{
    /// <summary>
    /// Parses claim texts; a bad one, or one given twice however written (the same canonical form,
    /// which names its JUnit case), is a usage error naming <paramref name="option"/>. With
    /// <paramref name="latencyMetrics"/> (overhead's), only latency claims on those metrics are taken,
    /// and a bad one is told that grammar alone.
    /// </summary>
    public static IReadOnlyList<Claim> Parse(IEnumerable<string> texts, string option, IReadOnlyCollection<string>? latencyMetrics = null)
    {
        string? onlyLatency = latencyMetrics is null ? null : $"a latency claim on the overhead like \"ttft p50 < 50ms\" (metrics {string.Join(", ", latencyMetrics)})";
        var claims = new List<Claim>();
        foreach (string text in texts)
        {
            Claim claim;
            try
            {
                claim = Claim.Parse(text);
            }
            catch (FormatException ex)
            {
                throw new UsageException(onlyLatency is null ? $"{option}: {ex.Message}" : $"{option}: cannot read claim '{text}': expected {onlyLatency}");
            }

            if (latencyMetrics is not null && !(claim is LatencyClaim latency && latencyMetrics.Contains(latency.Metric)))
            {
                throw new UsageException($"{option}: '{text}' is not {onlyLatency}");
            }

            if (latencyMetrics is null && claim is LatencyClaim { Metric: MetricNames.Arrival })
            {
                throw new UsageException($"{option}: '{text}': arrival (when the average token came) is measured by harness overhead only, where it is what a relay adds to a token");
            }

            if (claims.FirstOrDefault(c => c.Canonical == claim.Canonical) is { } earlier)
            {
                throw new UsageException($"{option}: '{claim.Text}' is '{earlier.Text}' again ({claim.Canonical}): give each claim once");
            }

            claims.Add(claim);
        }

        return claims;
    }

    /// <summary>The most bootstrap resamples taken: 2,000 give a 95% interval; 10⁹ ran for minutes and gave no better one.</summary>
    public const int MaxResamples = 100_000;

    /// <summary><paramref name="value"/> of <c>--resamples</c> when from 100 to <see cref="MaxResamples"/>; else a usage error.</summary>
    public static int Resamples(int value) => value is >= 100 and <= MaxResamples
        ? value
        : throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--resamples must be from 100 to {MaxResamples}, got {value}"));

    /// <summary>Judges <paramref name="claims"/> on <paramref name="runDir"/>; returns the exit code.</summary>
    public static async Task<int> JudgeAsync(
        string runDir, IReadOnlyList<Claim> claims, string? transport, string? loadPoint, int resamples, int seed, string? junit, string suite, CliConsole console, CancellationToken ct)
    {
        var (run, histograms) = ResultsDirectory.Read(runDir);
        if (run.Partial)
        {
            await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"harness: warning: {runDir} is a partial run (stopped early): the claims are judged on the {run.Series.Sum(s => s.DurationSeconds):0.#} s measured, not the run planned"));
        }

        var rows = RequestRows.Read(runDir);
        var verdicts = new List<ClaimVerdict>();
        foreach (var claim in claims)
        {
            var forClaim = ClaimVerifier.Verify(run, histograms, rows, claim, transport, loadPoint, resamples, seed);
            verdicts.AddRange(forClaim);
            await PrintAsync(console.Out, claim, forClaim);
        }

        var overall = ClaimVerifier.Combine(verdicts);
        // A results directory may be read-only (a CI artifact someone downloaded): the verdicts were
        // printed, the JUnit file asked for goes elsewhere, and the exit code still says them.
        bool written = true;
        try
        {
            VerdictFile.Write(runDir, new VerdictFile
            {
                CreatedUtc = DateTimeOffset.UtcNow,
                Overall = overall,
                Method = BootstrapMethod.Description,
                Verdicts = verdicts,
            });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            written = false;
            string file = Path.GetFullPath(Path.Combine(runDir, VerdictFile.FileName));
            await console.Error.WriteLineAsync($"harness: warning: {file} not written ({(ex is UnauthorizedAccessException ? "no permission to write in " + Path.GetDirectoryName(file) : ex.Message)}); the verdicts above stand");
        }

        if (junit is not null)
        {
            JUnitWriter.Write(junit, suite, [.. verdicts.Select(v => JUnitCase.Of(v, suite))]);
        }

        await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"verdict: {Describe(overall)} ({verdicts.Count(v => v.Status == VerdictStatus.Met)} met, {verdicts.Count(v => v.Status == VerdictStatus.NotMet)} not met, {verdicts.Count(v => v.Status == VerdictStatus.Inconclusive)} inconclusive; {(written ? "verdicts.json written" : "verdicts.json not written")}{(junit is null ? string.Empty : ", JUnit " + junit)})"));
        _ = ct;
        return overall switch
        {
            VerdictStatus.Met => ExitCodes.Ok,
            VerdictStatus.NotMet => ExitCodes.Failed,
            _ => ExitCodes.Inconclusive,
        };
    }

    private static async Task PrintAsync(TextWriter output, Claim claim, IReadOnlyList<ClaimVerdict> verdicts)
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
                : v.Unit == "ms" && v.Metric is "ttfb" or "ttfc" or "ttft" or "e2e"
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
