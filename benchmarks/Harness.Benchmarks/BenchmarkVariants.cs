namespace Harness.Benchmarks;

/// <summary>Reads the variant to measure from <c>HARNESS_BENCH_VARIANT</c> (slowed, allocating; unset: shipped).</summary>
public static class BenchmarkVariants
{
    /// <summary>The environment variable the gate's tests set.</summary>
    public const string EnvironmentVariable = "HARNESS_BENCH_VARIANT";

    /// <summary>The variant this process measures.</summary>
    public static BenchmarkVariant Current => Parse(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>Parses a variant name; empty means <see cref="BenchmarkVariant.Shipped"/>.</summary>
    public static BenchmarkVariant Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "shipped" => BenchmarkVariant.Shipped,
        "slowed" => BenchmarkVariant.Slowed,
        "allocating" => BenchmarkVariant.Allocating,
        _ => throw new ArgumentException($"{EnvironmentVariable} must be shipped, slowed or allocating, not '{name}'"),
    };
}
