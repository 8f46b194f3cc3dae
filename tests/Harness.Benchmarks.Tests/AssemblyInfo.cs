// The gate tests set the parser variant through an environment variable that BenchmarkDotNet's
// in-process benchmarks read; tests in parallel would see each other's variant.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
