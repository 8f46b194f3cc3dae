using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace Harness.Benchmarks.Gate;

/// <summary>
/// Runs the gate's benchmarks with BenchmarkDotNet in this process (no child build, which CI's two
/// cores cannot afford) with a short job, and reads medians and allocations from the summary.
/// </summary>
public sealed class BenchmarkDotNetMeasurer(TextWriter log, bool verbose, string artifactsPath) : IGateMeasurer
{
    /// <summary>
    /// The gate's job: in-process, 3 warm-up and 9 measured iterations of about 150 ms. The median
    /// of nine is robust to a few disturbed iterations; more iterations would not buy much on a
    /// shared machine whose noise comes in bursts longer than an iteration.
    /// </summary>
    public static Job GateJob { get; } = new Job("gate")
        .WithToolchain(InProcessEmitToolchain.DontLogOutput)
        .WithLaunchCount(1)
        .WithWarmupCount(3)
        .WithIterationCount(9)
        .WithIterationTime(TimeInterval.FromMilliseconds(150));

    /// <inheritdoc />
    public IReadOnlyDictionary<string, BenchmarkMeasurement> Measure(IReadOnlyCollection<string> benchmarkIds)
    {
        var wanted = benchmarkIds.ToHashSet(StringComparer.Ordinal);
        var config = ManualConfig.CreateEmpty()
            .AddJob(verbose ? GateJob.WithToolchain(InProcessEmitToolchain.Instance) : GateJob)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(new GateLogger(log, verbose))
            .AddFilter(new SimpleFilter(b => wanted.Contains(BenchmarkIds.Of(b))))
            .WithArtifactsPath(artifactsPath)
            .WithOptions(ConfigOptions.DisableLogFile);

        // Only the classes that hold a wanted benchmark, or BenchmarkDotNet complains about the rest.
        var classes = wanted.Select(BenchmarkIds.ClassOf).ToHashSet(StringComparer.Ordinal);
        var types = GateSuite.BenchmarkTypes.Where(t => classes.Contains(t.Name)).ToArray();
        var results = new Dictionary<string, BenchmarkMeasurement>(StringComparer.Ordinal);
        foreach (var summary in BenchmarkRunner.Run(types, config))
        {
            foreach (var report in summary.Reports)
            {
                var id = BenchmarkIds.Of(report.BenchmarkCase);
                if (report.ResultStatistics is not { } stats || !report.Success)
                {
                    log.WriteLine($"gate: {id} produced no result");
                    continue;
                }

                long? bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
                results[id] = new BenchmarkMeasurement(id, stats.Median, bytes);
            }
        }

        foreach (var id in wanted.Where(id => !results.ContainsKey(id)))
        {
            log.WriteLine($"gate: no benchmark ran for {id}");
        }

        return results;
    }
}
