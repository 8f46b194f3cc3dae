// Engine tests measure timing; running them side by side (one starves the pool on purpose) would
// measure each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
