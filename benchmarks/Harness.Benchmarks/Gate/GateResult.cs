namespace Harness.Benchmarks.Gate;

/// <summary>The gate's outcome: the rows of its table and every measurement behind them.</summary>
/// <param name="Rows">One per metric.</param>
/// <param name="Measurements">What each benchmark measured (re-measurements replace first runs).</param>
public sealed record GateResult(IReadOnlyList<GateRow> Rows, IReadOnlyDictionary<string, BenchmarkMeasurement> Measurements)
{
    /// <summary>Whether no metric failed or went missing.</summary>
    public bool Passed => Rows.All(r => r.Verdict is GateVerdict.Pass or GateVerdict.New);
}
