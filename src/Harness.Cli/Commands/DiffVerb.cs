using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Harness.Cli.Options;
using Harness.Core;
using Harness.Load.Results;
using Harness.Reports.Charts;
using Harness.Reports.Claims;
using Harness.Reports.Diff;
using Harness.Reports.JUnit;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness diff BASELINE_DIR CANDIDATE_DIR</c>: the CI gate for load results. Per matching series,
/// metric and percentile, candidate − baseline with a bootstrap 95% interval; exit 0 within the
/// limit, 1 a regression past it, 2 runs that do not match (unless <c>--allow-mismatch</c>), 3 inconclusive.
/// </summary>
public sealed class DiffVerb : ICliVerb
{
    /// <inheritdoc />
    public int Order => 77;

    /// <inheritdoc />
    public Command Create(CliConsole console)
    {
        var baseline = new Argument<string>("baseline-dir") { Description = "The baseline results directory (from compare or load)." };
        var candidate = new Argument<string>("candidate-dir") { Description = "The candidate results directory." };
        var maxRegression = new Option<string>("--max-regression") { Description = "Regression allowed per percentile: a share of the baseline (10%) or a time (5ms).", DefaultValueFactory = _ => RegressionLimit.Default.Text };
        var metrics = new Option<string>("--metrics") { Description = "Metrics compared, comma-separated.", DefaultValueFactory = _ => "ttft,itl,e2e" };
        var percentiles = new Option<string>("--percentiles") { Description = "Percentiles compared, comma-separated.", DefaultValueFactory = _ => "50,95,99" };
        var allowMismatch = new Option<bool>("--allow-mismatch") { Description = "Compare runs that differ in model, schedule, load or transports (otherwise refused, exit 2)." };
        var force = new Option<bool>("--force") { Description = "Replace an existing --chart or --junit file." };
        var chart = new Option<string?>("--chart") { Description = "Also write the difference's percentile ladder with its 95% interval band as a PNG to FILE." };
        var json = new Option<bool>("--json") { Description = "Print the diff as one JSON object instead of Markdown." };
        var junit = new Option<string?>("--junit") { Description = "Also write the gate as JUnit XML to FILE: a test case per series × metric × percentile (within the limit passes, past it fails, inconclusive errors)." };
        var seed = new Option<int>("--seed") { Description = "Bootstrap seed.", DefaultValueFactory = _ => ClaimVerifier.DefaultSeed };
        var resamples = new Option<int>("--resamples") { Description = "Bootstrap resamples.", DefaultValueFactory = _ => ClaimVerifier.DefaultResamples };
        var command = new Command(
            "diff",
            "Compare a candidate run with a baseline run: per series, metric and percentile, the difference with a bootstrap 95% CI. Exit 0 within --max-regression, 1 regressed past it, 2 runs that do not match, 3 inconclusive.")
        {
            baseline, candidate, maxRegression, metrics, percentiles, allowMismatch, force, json, chart, junit, seed, resamples,
        };
        command.SetAction(async (result, ct) =>
        {
            var options = new DiffOptions
            {
                MaxRegression = ParseLimit(result.GetValue(maxRegression)!),
                Metrics = ParseMetrics(result.GetValue(metrics)!),
                Percentiles = ParsePercentiles(result.GetValue(percentiles)!),
                AllowMismatch = result.GetValue(allowMismatch),
                Seed = result.GetValue(seed),
                Resamples = ClaimJudging.Resamples(result.GetValue(resamples)),
            };
            WritableFile.Require(result.GetValue(chart) is { Length: > 0 } chartFile ? chartFile : null, "--chart", result.GetValue(force));
            WritableFile.Require(result.GetValue(junit) is { Length: > 0 } junitFile ? junitFile : null, "--junit", result.GetValue(force), createDirectory: true);
            string baselineDir = ReportVerb.RequireResultsDir(result.GetValue(baseline)!);
            string candidateDir = ReportVerb.RequireResultsDir(result.GetValue(candidate)!);
            if (string.Equals(Path.GetFullPath(baselineDir).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(candidateDir).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
            {
                throw new UsageException($"{candidateDir} is given twice (baseline and candidate): a run against itself always passes");
            }

            var report = ResultsDiff.Compare(baselineDir, candidateDir, options);
            if (report.SameRun)
            {
                throw new UsageException($"{baselineDir} and {candidateDir}: {report.Mismatches[0]} (one is a copy of the other?)");
            }

            if (report.Refused)
            {
                // A pipeline parsing --json or publishing --junit sees the refusal too, not empty input.
                if (result.GetValue(junit) is { Length: > 0 } refusedJunit)
                {
                    JUnitWriter.Write(refusedJunit, "diff", [new JUnitCase("diff", "diff refused", JUnitOutcome.Failed, "the runs do not measure the same thing: " + string.Join("; ", report.Mismatches), string.Join("\n", report.Mismatches))]);
                }

                if (result.GetValue(json))
                {
                    await console.Out.WriteLineAsync(JsonSerializer.Serialize(report, ResultsDirectory.JsonOptions));
                }

                await console.Error.WriteLineAsync($"harness: diff refused, the runs do not measure the same thing: {string.Join("; ", report.Mismatches)} (--allow-mismatch compares them anyway{(result.GetValue(force) ? "; --force only replaces --chart and --junit files" : string.Empty)})");
                return ExitCodes.Usage;
            }

            var fewSamples = report.NotCompared.Select(n => n.Metric).Distinct().ToList();
            if (report.Rows.Count == 0 && report.Unmeasured.Count + fewSamples.Count == options.Metrics.Count)
            {
                string unmeasured = report.Unmeasured.Count == 0 ? string.Empty : $"neither run measured {string.Join(", ", report.Unmeasured)}";
                string few = fewSamples.Count == 0 ? string.Empty : $"{string.Join(", ", fewSamples)}: at most {Plural.Of(report.NotCompared.Max(n => Math.Max(n.BaselineCount, n.CandidateCount)), "sample")} a side, fewer than the {ClaimVerifier.FewestSamples} any percentile needs";
                throw new UsageException($"--metrics: {string.Join("; ", new[] { unmeasured, few }.Where(t => t.Length > 0))}, so there is nothing to compare (metrics: {string.Join(", ", MetricNames.Latencies)})");
            }

            // Also on stderr: a CI step often sends stdout to its summary, and the log should say what to do.
            foreach (string advice in report.Advice)
            {
                await console.Error.WriteLineAsync("harness: " + advice);
            }

            if (result.GetValue(chart) is { Length: > 0 } chartPath && !DifferenceChart.Save(report, chartPath))
            {
                await console.Error.WriteLineAsync("harness: no difference to chart (no series had samples on both sides)");
            }

            if (result.GetValue(junit) is { Length: > 0 } junitPath)
            {
                JUnitWriter.Write(junitPath, "diff", [.. report.Rows.Select(r => JUnitCase.Of(r, "diff")), .. report.ErrorShares.Select(ErrorCase), .. report.NotCompared.Select(NotComparedCase)]);
            }

            if (result.GetValue(json))
            {
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(report, ResultsDirectory.JsonOptions));
            }
            else
            {
                await console.Out.WriteAsync(DiffMarkdown.Render(report));
            }

            return report.Overall switch
            {
                VerdictStatus.Met => ExitCodes.Ok,
                VerdictStatus.NotMet => ExitCodes.Failed,
                _ => ExitCodes.Inconclusive,
            };
        });
        return command;
    }

    // One case per series, named "failed share" so it sits beside the percentiles in its class.
    private static JUnitCase ErrorCase(ErrorShareRow row)
    {
        var outcome = row.Gate switch
        {
            VerdictStatus.Met => JUnitOutcome.Passed,
            VerdictStatus.NotMet => JUnitOutcome.Failed,
            _ => JUnitOutcome.Error,
        };
        return new JUnitCase($"diff.{row.Transport}.{row.LoadPoint}", "failed share", outcome, outcome == JUnitOutcome.Passed ? null : row.Reason, row.Reason);
    }

    // Skipped, not absent: a CI page shows the metric was asked for and why it was not judged.
    private static JUnitCase NotComparedCase(NotComparedMetric metric) =>
        new($"diff.{metric.Transport}.{metric.LoadPoint}", $"{metric.Metric} not compared", JUnitOutcome.Skipped, metric.Reason);

    private static RegressionLimit ParseLimit(string text)
    {
        try
        {
            return RegressionLimit.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    private static List<string> ParseMetrics(string text)
    {
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(m => m.ToLowerInvariant()).Distinct().ToList();
        var unknown = names.FirstOrDefault(m => !MetricNames.Latencies.Contains(m));
        if (names.Count == 0 || unknown is not null)
        {
            throw new UsageException($"--metrics: {(unknown is null ? "give at least one metric" : $"unknown metric '{unknown}'")} (metrics: {string.Join(", ", MetricNames.Latencies)})");
        }

        return names;
    }

    private static List<double> ParsePercentiles(string text)
    {
        var values = new List<double>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string number = part.StartsWith('p') || part.StartsWith('P') ? part[1..] : part;
            if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double p) || p is <= 0 or >= 100)
            {
                throw new UsageException($"--percentiles: '{part}' is not a percentile between 0 and 100 (exclusive)");
            }

            // As --concurrency 10,10: a typo, and kept it would give the gate the same row twice.
            if (values.Contains(p))
            {
                throw new UsageException($"--percentiles: '{part}' is given twice in '{text}'");
            }

            values.Add(p);
        }

        return values.Count > 0 ? values : throw new UsageException("--percentiles: give at least one percentile");
    }
}
