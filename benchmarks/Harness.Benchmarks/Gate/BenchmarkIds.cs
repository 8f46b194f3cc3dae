using BenchmarkDotNet.Running;

namespace Harness.Benchmarks.Gate;

/// <summary>Stable ids for benchmark cases: <c>Type.Method[Param=Value,...]</c>.</summary>
public static class BenchmarkIds
{
    /// <summary>The id of a BenchmarkDotNet case.</summary>
    public static string Of(BenchmarkCase benchmark)
    {
        ArgumentNullException.ThrowIfNull(benchmark);
        var descriptor = benchmark.Descriptor;
        var parameters = benchmark.Parameters.Items
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}");
        return Of(descriptor.Type.Name, descriptor.WorkloadMethod.Name, parameters.ToArray());
    }

    /// <summary>The id of <paramref name="method"/> of <paramref name="type"/> with the given <c>Name=Value</c> parameters (sorted by name).</summary>
    public static string Of(string type, string method, params string[] parameters) =>
        parameters.Length == 0 ? $"{type}.{method}" : $"{type}.{method}[{string.Join(',', parameters)}]";

    /// <summary>The benchmark class's name in an id (<c>Type</c> of <c>Type.Method[...]</c>).</summary>
    public static string ClassOf(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id[..id.IndexOf('.', StringComparison.Ordinal)];
    }
}
