// The gate tests measure real timings; two at once on a 2-core machine would disturb each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
