using System.Diagnostics;
using System.Reflection;
using BenchmarkDotNet.Running;
using Harness.Core;

namespace Harness.Benchmarks.Gate;

/// <summary>
/// The gate's default measurer: runs the suites' own benchmark methods (same classes, parameters
/// and global setup as BenchmarkDotNet uses) in rounds, every benchmark for one short slice per
/// round, the order reversed every other round and rotated every two (<see cref="SliceAt"/>). A
/// ratio is then the median over rounds of the two benchmarks' times in the same round, taken
/// milliseconds apart.
/// </summary>
/// <remarks>
/// Why not BenchmarkDotNet's sequential runs: on small shared VMs the machine's own speed drifts
/// over seconds, so benchmarks measured one after the other land on different speeds and their
/// ratio moves with the drift (docs/notes/gate-noise.md). Benchmarks measured in the same round
/// see the same machine, so their ratio does not. A slice is timed by the thread's CPU time
/// (<see cref="ThreadCpuClock"/>): time spent waiting for a CPU on a saturated machine would
/// otherwise be added to both sides and pull every ratio toward 1. Allocations are counted per thread with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/>, exact.
/// </remarks>
public sealed class InterleavedMeasurer(TextWriter log) : IGateMeasurer
{
    /// <summary>Measured rounds; the median of 41 per-round ratios ignores up to 20 disturbed rounds.</summary>
    public const int Rounds = 41;

    /// <summary>The time one benchmark runs per round.</summary>
    public static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(10);

    /// <summary>How long each benchmark runs before measuring, so the JIT has tiered up.</summary>
    public static readonly TimeSpan Warmup = TimeSpan.FromMilliseconds(500);

    private const int AllocationRepeats = 3;

    private long _sink;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, BenchmarkMeasurement> Measure(IReadOnlyCollection<string> benchmarkIds)
    {
        ArgumentNullException.ThrowIfNull(benchmarkIds);
        var cases = FindCases(benchmarkIds);
        var prepared = new List<PreparedBenchmark>(cases.Count);
        try
        {
            foreach (var benchmarkCase in cases)
            {
                prepared.Add(PreparedBenchmark.Create(benchmarkCase));
            }

            log.WriteLine($"gate: warming up {prepared.Count} benchmarks ({Warmup.TotalMilliseconds:0} ms each)");
            foreach (var benchmark in prepared)
            {
                WarmUp(benchmark);
            }

            var bytes = prepared.ToDictionary(b => b.Id, MeasureAllocations, StringComparer.Ordinal);
            var samples = prepared.ToDictionary(b => b.Id, _ => new double[Rounds], StringComparer.Ordinal);
            log.Write($"gate: {Rounds} interleaved rounds of {Slice.TotalMilliseconds:0} ms per benchmark, timed by {(ThreadCpuClock.IsThreadCpuTime ? "thread CPU time" : "the wall clock")} ");
            for (int round = 0; round < Rounds; round++)
            {
                for (int i = 0; i < prepared.Count; i++)
                {
                    var benchmark = prepared[SliceAt(round, i, prepared.Count)];
                    samples[benchmark.Id][round] = TimeSlice(benchmark);
                }

                if (round % 10 == 9)
                {
                    log.Write('.');
                }
            }

            log.WriteLine();
            return prepared.ToDictionary(
                b => b.Id,
                b => new BenchmarkMeasurement(b.Id, Median(samples[b.Id]), bytes[b.Id]) { RoundNanoseconds = samples[b.Id] },
                StringComparer.Ordinal);
        }
        finally
        {
            foreach (var benchmark in prepared)
            {
                benchmark.Dispose();
            }
        }
    }

    /// <summary>
    /// Which benchmark takes the <paramref name="slot"/>th slice of <paramref name="round"/>: the
    /// caller's order rotated by one every two rounds, reversed in every other round.
    /// </summary>
    /// <remarks>
    /// The reversal cancels a drift that runs through a round. The rotation gives each benchmark
    /// every place and so different neighbours: a slice's speed depends on what ran before it, and
    /// with a fixed order the parser read 4-18 % slower on CRLF than on LF, or the reverse when
    /// the two corpora swapped places (benchmarks/results/2026-12-06/gate-slice-order.md).
    /// </remarks>
    public static int SliceAt(int round, int slot, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(round);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, count);
        int place = round % 2 == 0 ? slot : count - 1 - slot;
        return (place + round / 2) % count;
    }

    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("no values", nameof(values));
        }

        var sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static List<BenchmarkCase> FindCases(IReadOnlyCollection<string> ids)
    {
        var wanted = ids.ToHashSet(StringComparer.Ordinal);
        var found = GateSuite.BenchmarkTypes
            .SelectMany(t => BenchmarkConverter.TypeToBenchmarks(t).BenchmarksCases)
            .Where(c => wanted.Contains(BenchmarkIds.Of(c)))
            .ToList();
        var missing = wanted.Except(found.Select(BenchmarkIds.Of), StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"no benchmark has the id {string.Join(", ", missing)}");
        }

        // Keep the caller's order, which puts the two sides of a ratio next to each other.
        var order = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        return found.OrderBy(c => order[BenchmarkIds.Of(c)]).ToList();
    }

    private void WarmUp(PreparedBenchmark benchmark)
    {
        var clock = Stopwatch.StartNew();
        int invocations = 0;
        while (clock.Elapsed < Warmup || invocations < 2)
        {
            _sink += benchmark.Invoke();
            invocations++;
        }

        // Tiered compilation installs the optimized code from a background thread. On a busy
        // machine that thread can wait past the warm-up, and a benchmark measured on its first-tier
        // code read 2.4 times its usual ratio (a gate test on CI, 2026-12-02). Run on until a
        // window passes in which the process compiled nothing.
        if (!JitQuiet.RunUntilQuiet(() => _sink += benchmark.Invoke()))
        {
            log.WriteLine($"gate: {benchmark.Id}: the JIT was still compiling after {JitQuiet.Limit.TotalSeconds:0} s of warm-up; measuring anyway");
        }

        // Size the slice from the last quarter of the warm-up, by then at full speed.
        var tail = Stopwatch.StartNew();
        int tailInvocations = 0;
        while (tail.Elapsed < Warmup / 4 || tailInvocations < 1)
        {
            _sink += benchmark.Invoke();
            tailInvocations++;
        }

        double perInvocation = tail.Elapsed.TotalNanoseconds / tailInvocations;
        benchmark.InvocationsPerSlice = Math.Max(1, (int)Math.Round(Slice.TotalNanoseconds / perInvocation));
    }

    private long? MeasureAllocations(PreparedBenchmark benchmark)
    {
        // The least of a few repeats: a pooled buffer re-rented after a GC trimmed the pool is not
        // the code under test, and a real per-event allocation shows in every repeat.
        long least = long.MaxValue;
        for (int repeat = 0; repeat < AllocationRepeats; repeat++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < benchmark.InvocationsPerSlice; i++)
            {
                _sink += benchmark.Invoke();
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return (long)Math.Round((double)least / ((long)benchmark.InvocationsPerSlice * benchmark.OperationsPerInvoke));
    }

    private double TimeSlice(PreparedBenchmark benchmark)
    {
        // One invocation untimed, so a slice times only invocations that follow one of its own:
        // with a fixed order, the first benchmark's slices that came right after its own read 6-8 %
        // faster than those after another benchmark's; with this invocation, 0-2 %.
        _sink += benchmark.Invoke();
        double start = ThreadCpuClock.Now();
        for (int i = 0; i < benchmark.InvocationsPerSlice; i++)
        {
            _sink += benchmark.Invoke();
        }

        double elapsed = ThreadCpuClock.Now() - start;
        return elapsed / ((double)benchmark.InvocationsPerSlice * benchmark.OperationsPerInvoke);
    }

    /// <summary>One benchmark case ready to invoke: an instance with its parameters set and its global setup run.</summary>
    private sealed class PreparedBenchmark : IDisposable
    {
        private readonly object _instance;
        private readonly MethodInfo? _cleanup;

        private PreparedBenchmark(string id, object instance, Func<long> invoke, int operationsPerInvoke, MethodInfo? cleanup)
        {
            Id = id;
            _instance = instance;
            Invoke = invoke;
            OperationsPerInvoke = operationsPerInvoke;
            _cleanup = cleanup;
        }

        public string Id { get; }

        public Func<long> Invoke { get; }

        public int OperationsPerInvoke { get; }

        public int InvocationsPerSlice { get; set; } = 1;

        public static PreparedBenchmark Create(BenchmarkCase benchmarkCase)
        {
            var descriptor = benchmarkCase.Descriptor;
            object instance = Activator.CreateInstance(descriptor.Type)
                ?? throw new InvalidOperationException($"cannot create {descriptor.Type.Name}");
            foreach (var parameter in benchmarkCase.Parameters.Items)
            {
                var property = descriptor.Type.GetProperty(parameter.Name)
                    ?? throw new InvalidOperationException($"{descriptor.Type.Name} has no settable parameter {parameter.Name}");
                property.SetValue(instance, parameter.Value);
            }

            descriptor.GlobalSetupMethod?.Invoke(instance, null);
            var method = descriptor.WorkloadMethod;
            if (method.ReturnType != typeof(long) || method.GetParameters().Length != 0)
            {
                throw new InvalidOperationException($"{descriptor.Type.Name}.{method.Name} must take no arguments and return long to be gated");
            }

            var invoke = method.CreateDelegate<Func<long>>(instance);
            return new PreparedBenchmark(BenchmarkIds.Of(benchmarkCase), instance, invoke, descriptor.OperationsPerInvoke, descriptor.GlobalCleanupMethod);
        }

        public void Dispose() => _cleanup?.Invoke(_instance, null);
    }
}
