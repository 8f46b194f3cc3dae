using Harness.Benchmarks.Gate;

namespace Harness.Benchmarks.Tests;

/// <summary>
/// The real gate, BenchmarkDotNet and all, on the committed baseline: it fails on a deliberately
/// slowed and on an allocating parser variant (swapped in inside the benchmark class, never in
/// the shipped parser). Only the SSE harness metrics run, so each test takes seconds.
/// </summary>
public sealed class GateBenchmarkDotNetTests : IDisposable
{
    private readonly string _artifacts = Directory.CreateTempSubdirectory("gate-bdn-").FullName;

    public void Dispose() => Directory.Delete(_artifacts, recursive: true);

    [Fact]
    public void AllocatingVariant_FailsOnAllocations()
    {
        var (code, table) = RunGate("sse.harness_sync.bytes", "allocating");
        Assert.Equal(1, code);
        Assert.Matches(@"\| sse\.harness_sync\.bytes_per_event \|[^\n]*\*\*FAIL\*\*", table);
    }

    [Fact]
    public void ShippedParser_KeepsItsAllocations()
    {
        var (code, table) = RunGate("sse.harness_sync.bytes", "shipped");
        Assert.Equal(0, code);
        Assert.Matches(@"\| sse\.harness_sync\.bytes_per_event \|[^\n]*\| pass \|", table);
    }

    [Fact]
    public void SlowedVariant_FailsOnTheRatioAfterRemeasuring()
    {
        // Several times slower per event: far past any threshold, however noisy the machine.
        var (code, table) = RunGate("sse.harness_sync.vs_sseparser", "slowed");
        Assert.Equal(1, code);
        Assert.Matches(@"\| sse\.harness_sync\.vs_sseparser \|[^\n]*\*\*FAIL\*\* \(re-measured\)", table);
    }

    private (int Code, string Table) RunGate(string metrics, string variant)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = GateCommand.Run(
            [
                "--baseline", Path.Combine(RepositoryRoot.Path, GateCommand.DefaultBaselinePath),
                "--metrics", metrics,
                "--variant", variant,
                "--artifacts", _artifacts,
            ],
            output,
            error,
            measurer: null);
        return (code, output.ToString() + error);
    }
}
