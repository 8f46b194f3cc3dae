using Harness.Benchmarks.Gate;

namespace Harness.Benchmarks.Tests;

/// <summary>The gate's decisions, fed canned measurements (fast and exact; no timing involved).</summary>
public sealed class GateCommandTests : IDisposable
{
    private static readonly GateMetric s_syncVsParser = GateSuite.Metrics.Single(m => m.Name == "sse.harness_sync.vs_sseparser_bytes");
    private static readonly GateMetric s_syncBytes = GateSuite.Metrics.Single(m => m.Name == "sse.harness_sync.bytes_per_event");

    private readonly string _dir = Directory.CreateTempSubdirectory("gate-tests-").FullName;

    private string BaselinePath => Path.Combine(_dir, "baseline.json");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void UpdateBaseline_ThenSameFigures_Passes()
    {
        var (code, _, _) = Run(new CannedMeasurer(CannedMeasurer.Flat()), "--update-baseline");
        Assert.Equal(0, code);
        var baseline = GateBaseline.Load(BaselinePath);
        Assert.Equal(GateSuite.Metrics.Count, baseline.Metrics.Count);
        Assert.Equal(1.0, baseline.Metrics[s_syncVsParser.Name]);

        var (again, table, _) = Run(new CannedMeasurer(CannedMeasurer.Flat()));
        Assert.Equal(0, again);
        Assert.Contains("**gate: passed**", table);
        Assert.DoesNotContain("FAIL", table);
    }

    [Fact]
    public void SlowedParser_FailsAfterOneRemeasurement()
    {
        WriteBaseline(CannedMeasurer.Flat());
        var slowed = CannedMeasurer.With(CannedMeasurer.Flat(), s_syncVsParser.Benchmark, medianFactor: 3);
        var measurer = new CannedMeasurer(slowed);

        var (code, table, _) = Run(measurer);

        Assert.Equal(1, code);
        Assert.Contains($"| {s_syncVsParser.Name} | ≤ 0.5 | 1.000 | 3.000 | +200.0% | **FAIL** (re-measured) |", table);
        Assert.Contains("**gate: FAILED**", table);
        Assert.Equal(2, measurer.Calls.Count);
        // The second run measures the failing ratios' benchmarks with the other gated benchmarks
        // of their class (the same JIT context as the first run), and no other class.
        Assert.Contains(s_syncVsParser.Benchmark, measurer.Calls[1]);
        Assert.Contains(GateSuite.Metrics.Single(m => m.Name == "sse.harness_memory.vs_scan_memory").Benchmark, measurer.Calls[1]);
        Assert.DoesNotContain(GateSuite.Metrics.Single(m => m.Name == "chunk.decoder.bytes_per_event").Benchmark, measurer.Calls[1]);
        Assert.DoesNotContain(GateSuite.Metrics.Single(m => m.Name == "pipeline.harness.vs_span_utf8jsonreader").Benchmark, measurer.Calls[1]);
    }

    [Fact]
    public void RatioFarBetterThanTheBaseline_Passes_WarningThatARegressionBackWouldPass()
    {
        WriteBaseline(CannedMeasurer.Flat());
        var faster = CannedMeasurer.With(CannedMeasurer.Flat(), s_syncVsParser.Benchmark, medianFactor: 0.5);

        var (code, _, error) = Run(new CannedMeasurer(faster));

        Assert.Equal(0, code);
        Assert.Contains($"{s_syncVsParser.Name} 0.500 against 1.000", error);
        Assert.Contains("a regression back to the baseline would pass", error);

        Assert.DoesNotContain("slower than the baseline's", error);

        // Within the threshold (20 % better with 25 % allowed): no warning.
        var closer = CannedMeasurer.With(CannedMeasurer.Flat(), s_syncVsParser.Benchmark, medianFactor: 0.8);
        Assert.DoesNotContain("regression back to the baseline", Run(new CannedMeasurer(closer)).Error);
    }

    [Fact]
    public void RatioFarBetter_OnAMachineFarSlowerThanTheBaselines_SaysSoBeforeARewrite()
    {
        // Every benchmark twice the baseline's time but the harness's parser: the ratio halves in
        // a slow process, the case where a rewritten baseline would fail the next faster run.
        WriteBaseline(CannedMeasurer.Flat());
        var loaded = CannedMeasurer.With(CannedMeasurer.Scaled(CannedMeasurer.Flat(), 2), s_syncVsParser.Benchmark, medianFactor: 0.5);

        var (code, _, error) = Run(new CannedMeasurer(loaded));

        Assert.Equal(0, code);
        Assert.Contains($"{s_syncVsParser.Name} 0.500 against 1.000", error);
        Assert.Contains("this run went 2.00× slower than the baseline's, and ratios can move with a process's speed (docs/notes/gate-noise.md): confirm the improvement near the baseline's speed before rewriting", error);
    }

    [Fact]
    public void TheRunsSpeed_AgainstTheBaselinesTimes_IsLogged()
    {
        WriteBaseline(CannedMeasurer.Flat());
        var run = CannedMeasurer.With(CannedMeasurer.Scaled(CannedMeasurer.Flat(), 1.5), s_syncVsParser.Benchmark, medianFactor: 2);
        int timed = run.Count;

        var (_, _, error) = Run(new CannedMeasurer(run));

        Assert.Contains($"gate: this run's benchmarks took 1.50× the baseline's times (median of {timed}; 1.50–3.00×)", error);

        // A baseline without times (written before they were kept) gets no such line.
        var bare = GateBaseline.Load(BaselinePath);
        bare.Benchmarks = null;
        bare.Save(BaselinePath);
        Assert.DoesNotContain("the baseline's times", Run(new CannedMeasurer(run)).Error);
    }

    [Fact]
    public void RatioPastThreshold_ThatRecoversOnRemeasurement_Passes()
    {
        WriteBaseline(CannedMeasurer.Flat());
        var noisy = CannedMeasurer.With(CannedMeasurer.Flat(), s_syncVsParser.Benchmark, medianFactor: 1.5);
        var measurer = new CannedMeasurer(noisy, CannedMeasurer.Flat());

        var (code, table, _) = Run(measurer);

        Assert.Equal(0, code);
        Assert.Contains($"| {s_syncVsParser.Name} | ≤ 0.5 | 1.000 | 1.000 | 0.0% | pass (re-measured) |", table);
    }

    [Fact]
    public void TheSecondChance_GoesToTheRemeasurer_NotTheFirstMeasurer()
    {
        // The gate hands it a new process; a ratio that failed in the first one is judged on that.
        var baseline = new GateBaseline();
        foreach (var m in GateSuite.Metrics)
        {
            baseline.Metrics[m.Name] = 1;
        }

        var first = new CannedMeasurer(CannedMeasurer.With(CannedMeasurer.Flat(), s_syncVsParser.Benchmark, medianFactor: 1.5));
        var fresh = new CannedMeasurer(CannedMeasurer.Flat());

        var result = GateEvaluator.Run(GateSuite.Metrics, baseline, first, 0.25, remeasurer: fresh);

        Assert.True(result.Passed);
        Assert.Single(first.Calls);
        Assert.Contains(s_syncVsParser.Benchmark, Assert.Single(fresh.Calls));
        Assert.True(result.Rows.Single(r => r.Metric.Name == s_syncVsParser.Name).Remeasured);
    }

    [Fact]
    public void ARemeasurerThatFails_LeavesTheSecondChanceToTheFirstMeasurer()
    {
        var baseline = new GateBaseline();
        foreach (var m in GateSuite.Metrics)
        {
            baseline.Metrics[m.Name] = 1;
        }

        var first = new CannedMeasurer(CannedMeasurer.With(CannedMeasurer.Flat(), s_syncVsParser.Benchmark, medianFactor: 1.5), CannedMeasurer.Flat());
        var progress = new StringWriter();

        var result = GateEvaluator.Run(GateSuite.Metrics, baseline, first, 0.25, progress, new FailingMeasurer());

        Assert.True(result.Passed);
        Assert.Equal(2, first.Calls.Count);
        Assert.Contains("gate: re-measuring elsewhere failed (no child today); re-measuring in this process", progress.ToString(), StringComparison.Ordinal);
    }

    private sealed class FailingMeasurer : IGateMeasurer
    {
        public IReadOnlyDictionary<string, BenchmarkMeasurement> Measure(IReadOnlyCollection<string> benchmarkIds) =>
            throw new InvalidOperationException("no child today");
    }

    [Theory]
    [InlineData(1.14, 0)]
    [InlineData(1.16, 1)]
    public void Threshold_DecidesTheVerdict(double factor, int expected)
    {
        WriteBaseline(CannedMeasurer.Flat());
        var run = CannedMeasurer.With(CannedMeasurer.Flat(), s_syncVsParser.Benchmark, medianFactor: factor);
        Assert.Equal(expected, Run(new CannedMeasurer(run), "--threshold", "15%").Code);
    }

    [Theory]
    [InlineData(1.4, 0)]
    [InlineData(1.6, 1)]
    public void RatiosAgainstTheScanBound_AreJudgedWithTheirWiderThreshold(double factor, int expected)
    {
        // The scan bound faster by the factor moves both vs_scan ratios up by it and nothing else.
        WriteBaseline(CannedMeasurer.Flat());
        var scan = GateSuite.Metrics.Single(m => m.Name == "sse.harness_sync.vs_scan");
        var run = CannedMeasurer.With(CannedMeasurer.Flat(), scan.Reference!, medianFactor: 1 / factor);

        var (code, table, _) = Run(new CannedMeasurer(run), "--threshold", "25%");

        Assert.Equal(expected, code);
        Assert.Contains("50% for sse.harness_sync.vs_scan, ", table);
        Assert.Contains("sse.harness_memory.vs_scan_memory", table);
    }

    [Theory]
    [InlineData("slowed", "SseRegressionProbeBenchmarks.Harness_Sync_Slowed[Corpus=OpenAi,ReadSize=4KiB]")]
    [InlineData("allocating", "SseRegressionProbeBenchmarks.Harness_Sync_Allocating[Corpus=OpenAi,ReadSize=4KiB]")]
    public void Variant_MeasuresItsProbeInPlaceOfTheShippedParser(string variant, string probe)
    {
        WriteBaseline(CannedMeasurer.Flat());
        var measurer = new CannedMeasurer(CannedMeasurer.Flat());

        Run(measurer, "--variant", variant, "--metrics", "sse.harness_sync.");

        Assert.Contains(probe, measurer.Calls[0]);
        Assert.DoesNotContain(s_syncVsParser.Benchmark, measurer.Calls[0]);
        Assert.Contains(s_syncVsParser.Reference!, measurer.Calls[0]);
    }

    [Fact]
    public void FasterThanBaseline_Passes()
    {
        WriteBaseline(CannedMeasurer.Flat());
        var faster = CannedMeasurer.With(CannedMeasurer.Flat(), s_syncVsParser.Benchmark, medianFactor: 0.5);
        Assert.Equal(0, Run(new CannedMeasurer(faster)).Code);
    }

    [Fact]
    public void AllocationGrowth_FailsWithoutRemeasurement()
    {
        WriteBaseline(CannedMeasurer.Flat());
        // One extra string per event: 10,001 events of about 100 bytes each.
        var allocating = CannedMeasurer.With(CannedMeasurer.Flat(), s_syncBytes.Benchmark, bytes: 1_000_100);
        var measurer = new CannedMeasurer(allocating);

        var (code, table, _) = Run(measurer);

        Assert.Equal(1, code);
        Assert.Contains($"| {s_syncBytes.Name} | 0 per event | 0 B | 100 B |", table);
        Assert.Single(measurer.Calls);
    }

    [Fact]
    public void AllocationGrowthOfHalfAByteAnEvent_Fails_ButSetupNoiseDoesNot()
    {
        WriteBaseline(CannedMeasurer.Flat());
        int events = s_syncBytes.EventsPerOperation;
        var halfByte = CannedMeasurer.With(CannedMeasurer.Flat(), s_syncBytes.Benchmark, bytes: events / 2 + 1);
        Assert.Equal(1, Run(new CannedMeasurer(halfByte)).Code);

        // A pooled 4 KiB buffer re-rented once per operation: setup noise, not a per-event cost.
        var setupNoise = CannedMeasurer.With(CannedMeasurer.Flat(), s_syncBytes.Benchmark, bytes: 4096);
        Assert.Equal(0, Run(new CannedMeasurer(setupNoise)).Code);
    }

    [Fact]
    public void BenchmarkThatProducedNothing_FailsAsMissing()
    {
        WriteBaseline(CannedMeasurer.Flat());
        var run = CannedMeasurer.Flat();
        run.Remove(s_syncBytes.Benchmark);

        var (code, table, _) = Run(new CannedMeasurer(run));

        Assert.Equal(1, code);
        Assert.Contains($"| {s_syncBytes.Name} | 0 per event | 0 B | — |  | **MISSING** |", table);
    }

    [Fact]
    public void MetricsFilter_MeasuresOnlyWhatItNeeds()
    {
        WriteBaseline(CannedMeasurer.Flat());
        var measurer = new CannedMeasurer(CannedMeasurer.Flat());

        var (code, table, _) = Run(measurer, "--metrics", "sse.harness_sync.bytes");

        Assert.Equal(0, code);
        Assert.Equal([s_syncBytes.Benchmark], measurer.Calls.Single());
        Assert.Single(table.Split('\n'), l => l.StartsWith("| sse.", StringComparison.Ordinal));
    }

    [Fact]
    public void UpdateBaselineWithFilter_KeepsOtherMetrics()
    {
        WriteBaseline(CannedMeasurer.Flat());
        var slowed = CannedMeasurer.With(CannedMeasurer.Flat(), s_syncVsParser.Benchmark, medianFactor: 2);

        Assert.Equal(0, Run(new CannedMeasurer(slowed), "--update-baseline", "--metrics", "sse.harness_sync.vs_sseparser_bytes").Code);

        var baseline = GateBaseline.Load(BaselinePath);
        Assert.Equal(2.0, baseline.Metrics[s_syncVsParser.Name]);
        Assert.Equal(GateSuite.Metrics.Count, baseline.Metrics.Count);
    }

    [Theory]
    [InlineData("--threshold", "ten")]
    [InlineData("--threshold", "-5%")]
    [InlineData("--bogus")]
    [InlineData("--metrics", "nothing.matches")]
    [InlineData("--variant", "faster")]
    [InlineData("--engine", "stopwatch")]
    public void BadUsage_ExitsTwoWithOneLine(params string[] args)
    {
        WriteBaseline(CannedMeasurer.Flat());
        var (code, _, error) = Run(new CannedMeasurer(CannedMeasurer.Flat()), args);
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("gate: ", error);
    }

    [Fact]
    public void InterleavedRounds_RatioIsTheMedianOfPerRoundRatios_NotTheRatioOfMedians()
    {
        // The machine ran at half speed for rounds 0-2 (both sides slow) and full speed after:
        // side by side the subject is always 0.5 of the reference, which the per-round ratio sees
        // and a ratio of the two medians (taken from different rounds) does not.
        double[] reference = [200, 200, 200, 100, 100];
        double[] subject = [100, 100, 100, 50, 50];
        var measured = new Dictionary<string, BenchmarkMeasurement>
        {
            [s_syncVsParser.Benchmark] = new(s_syncVsParser.Benchmark, 60, 0) { RoundNanoseconds = subject },
            [s_syncVsParser.Reference!] = new(s_syncVsParser.Reference!, 100, 0) { RoundNanoseconds = reference },
        };

        Assert.Equal(0.5, s_syncVsParser.Evaluate(measured));

        // Without rounds (a sequential run) the ratio of medians is all there is.
        measured[s_syncVsParser.Benchmark] = new(s_syncVsParser.Benchmark, 60, 0);
        Assert.Equal(0.6, s_syncVsParser.Evaluate(measured));
    }

    [Fact]
    public void MissingBaseline_ExitsTwo()
    {
        var (code, _, error) = Run(new CannedMeasurer(CannedMeasurer.Flat()));
        Assert.Equal(2, code);
        Assert.Contains("does not exist", error);
    }

    [Theory]
    [InlineData("10%", 0.10)]
    [InlineData("12.5%", 0.125)]
    [InlineData("0.2", 0.2)]
    [InlineData("0%", 0.0)]
    public void ParseThreshold_AcceptsPercentOrFraction(string text, double expected) =>
        Assert.Equal(expected, GateOptions.ParseThreshold(text), 9);

    [Theory]
    [InlineData("x86-64-v4")]
    [InlineData("x86-64-v3")]
    public void CommittedBaseline_CoversEveryMetric(string level)
    {
        var baseline = GateBaseline.Load(Path.Combine(RepositoryRoot.Path, GateCommand.DefaultBaselinePath(level)));
        Assert.Empty(GateSuite.Metrics.Select(m => m.Name).Except(baseline.Metrics.Keys));
    }

    [Fact]
    public void A_machine_without_its_own_baseline_is_judged_against_the_most_lenient_committed_one()
    {
        var dir = Directory.CreateTempSubdirectory("gate-levels-").FullName;
        try
        {
            new GateBaseline { Metrics = { ["a"] = 1.0, ["b"] = 3.0 } }.Save(Path.Combine(dir, "baseline.x86-64-v4.json"));
            new GateBaseline { Metrics = { ["a"] = 2.0, ["c"] = 5.0 } }.Save(Path.Combine(dir, "baseline.x86-64-v3.json"));
            File.WriteAllText(Path.Combine(dir, "notes.json"), "not a baseline");

            var (merged, levels) = GateBaseline.MostLenient(dir)!.Value;

            Assert.Equal(["x86-64-v3", "x86-64-v4"], levels);
            Assert.Equal(2.0, merged.Metrics["a"]);
            Assert.Equal(3.0, merged.Metrics["b"]);
            Assert.Equal(5.0, merged.Metrics["c"]);
            Assert.Null(GateBaseline.MostLenient(Path.Combine(dir, "none")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_level_names_the_vector_width_the_jit_uses()
    {
        string level = InstructionSetLevel.Current();
        if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
        {
            Assert.Equal("x86-64-v4", level);
        }
        else if (System.Runtime.Intrinsics.X86.Avx2.IsSupported)
        {
            Assert.Equal("x86-64-v3", level);
        }
        else
        {
            Assert.DoesNotContain("v3", level, StringComparison.Ordinal);
        }
    }

    private void WriteBaseline(Dictionary<string, BenchmarkMeasurement> run) =>
        Assert.Equal(0, Run(new CannedMeasurer(run), "--update-baseline").Code);

    private (int Code, string Output, string Error) Run(IGateMeasurer measurer, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = GateCommand.Run([.. args, "--baseline", BaselinePath], output, error, measurer);
        return (code, output.ToString(), error.ToString());
    }
}
