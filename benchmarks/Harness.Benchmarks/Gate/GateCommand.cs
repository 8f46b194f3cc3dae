using System.Globalization;

namespace Harness.Benchmarks.Gate;

/// <summary>
/// <c>gate [--baseline FILE] [--threshold 10%] [--update-baseline] [--metrics PREFIX[,PREFIX]]
/// [--variant shipped|slowed|allocating] [--engine interleaved|bdn] [--verbose]</c>: runs the short benchmark job, prints the
/// Markdown table on standard output, exits 1 when a ratio worsened past the threshold or an
/// allocation grew, 0 otherwise, 2 on bad usage.
/// </summary>
public static class GateCommand
{
    /// <summary>Where the committed baselines live, relative to the repository root: <c>baseline.LEVEL.json</c>, one per <see cref="InstructionSetLevel"/>.</summary>
    public const string BaselineDirectory = "benchmarks";

    /// <summary>The committed baseline for <paramref name="level"/>, relative to the repository root.</summary>
    public static string DefaultBaselinePath(string level) => Path.Combine(BaselineDirectory, $"baseline.{level}.json");

    /// <summary>
    /// The default ratio threshold: a ratio may grow by 25 % before the gate fails. Provisional:
    /// to be derived from repeated gates on an idle CI runner (docs/notes/gate-noise.md).
    /// </summary>
    public const double DefaultThreshold = 0.25;

    /// <summary>Runs the gate with the engine the arguments choose (interleaved by default); the exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        Task.FromResult(Run(args, output, error, measurer: null));

    /// <summary>Runs the gate with <paramref name="measurer"/> (when null, the arguments' engine); the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, IGateMeasurer? measurer)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        GateOptions options;
        try
        {
            options = GateOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            error.WriteLine($"gate: {ex.Message}");
            return 2;
        }

        if (options.Help)
        {
            output.WriteLine(GateOptions.Usage);
            return 0;
        }

        string level = InstructionSetLevel.Current();
        string baselinePath = options.BaselinePath ?? DefaultBaselinePath(level);
        GateBaseline baseline;
        try
        {
            if (File.Exists(baselinePath))
            {
                baseline = GateBaseline.Load(baselinePath);
            }
            else if (options.UpdateBaseline)
            {
                baseline = new GateBaseline();
            }
            else if (options.BaselinePath is null && GateBaseline.MostLenient(BaselineDirectory) is { } lenient)
            {
                error.WriteLine($"gate: no baseline for {level} ({baselinePath}); judging against the highest ratio of each metric across {string.Join(", ", lenient.Levels)} (make one with --update-baseline on this machine)");
                baseline = lenient.Baseline;
            }
            else
            {
                baseline = GateBaseline.Load(baselinePath);
            }
        }
        catch (InvalidDataException ex)
        {
            error.WriteLine($"gate: {ex.Message}");
            return 2;
        }

        var metrics = GateSuite.Select(options.MetricPrefixes);
        if (metrics.Count == 0)
        {
            error.WriteLine($"gate: no metric starts with {string.Join(" or ", options.MetricPrefixes)}");
            return 2;
        }

        if (options.Variant is { } variant)
        {
            metrics = GateSuite.ForVariant(metrics, variant);
        }

        // The interleaved engine measures in this process; its second chance goes to a new one.
        // BenchmarkDotNet starts processes of its own.
        IGateMeasurer? remeasurer = measurer is null && options.Engine != GateEngine.BenchmarkDotNet ? ProcessGateMeasurer.ForThisProgram(error) : null;
        measurer ??= options.Engine == GateEngine.BenchmarkDotNet
            ? new BenchmarkDotNetMeasurer(error, options.Verbose, options.ArtifactsPath)
            : new InterleavedMeasurer(error);
        var result = GateEvaluator.Run(metrics, baseline, measurer, options.Threshold, error, remeasurer);
        error.WriteLine($"gate: {level}, baseline {baselinePath}");
        var speed = GateMachineSpeed.Of(baseline, result.Measurements);
        if (speed is not null)
        {
            error.WriteLine($"gate: {speed.Describe()}");
        }

        output.Write(GateTable.ToMarkdown(result, options.Threshold));
        if (options.UpdateBaseline)
        {
            return UpdateBaseline(baselinePath, level, baseline, metrics, result, error);
        }

        WarnOfFarBetterRatios(result, options.Threshold, baselinePath, speed, error);
        return result.Passed ? 0 : 1;
    }

    private static void WarnOfFarBetterRatios(GateResult result, double threshold, string baselinePath, GateMachineSpeed? speed, TextWriter error)
    {
        var better = result.Rows.Where(r => GateComparer.ReadsFarBetter(r, threshold)).ToList();
        if (better.Count == 0)
        {
            return;
        }

        string figures = string.Join(", ", better.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Metric.Name} {r.Now:0.000} against {r.Baseline:0.000}")));
        string subject = better.Count == 1 ? "a ratio reads" : $"{better.Count} ratios read";
        error.WriteLine($"gate: warning: {subject} better than {baselinePath} by more than the threshold ({figures}): a regression back to the baseline would pass; if the improvement is real, rewrite the baseline on an idle machine (--update-baseline)");

        // In a process much slower than the baseline's the parsers can slow by different factors and
        // a ratio read better with nothing changed: a baseline rewritten from such a run fails the next faster one.
        if (speed is not null && speed.Median > 1 + threshold)
        {
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"gate: this run went {speed.Median:0.00}× slower than the baseline's, and ratios can move with a process's speed (docs/notes/gate-noise.md): confirm the improvement near the baseline's speed before rewriting"));
        }
    }

    private static int UpdateBaseline(string baselinePath, string level, GateBaseline baseline, IReadOnlyList<GateMetric> metrics, GateResult result, TextWriter error)
    {
        var missing = result.Rows.Where(r => r.Now is null).Select(r => r.Metric.Name).ToList();
        if (missing.Count > 0)
        {
            error.WriteLine($"gate: not updating the baseline, unmeasured: {string.Join(", ", missing)}");
            return 1;
        }

        // Only the metrics measured are replaced, so updating one prefix keeps the others.
        foreach (var row in result.Rows)
        {
            baseline.Metrics[row.Metric.Name] = row.Now!.Value;
        }

        baseline.Benchmarks ??= new(StringComparer.Ordinal);
        foreach (var id in metrics.SelectMany(m => m.Benchmarks).Distinct(StringComparer.Ordinal))
        {
            baseline.Benchmarks[id] = result.Measurements[id];
        }

        baseline.Note = $"written by 'gate --update-baseline' on {DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, {Environment.ProcessorCount} cores, {level}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}";
        baseline.Save(baselinePath);
        error.WriteLine($"gate: baseline written to {baselinePath}");
        return 0;
    }
}
