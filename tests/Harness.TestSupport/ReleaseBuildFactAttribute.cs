using Xunit;

namespace Harness.TestSupport;

/// <summary>
/// A fact about allocations that holds for the Release build only, which <c>./run.sh test</c> and
/// CI run: a Debug build compiles async methods to classes and boxes where Release does not, so
/// there the fact is skipped with the reason instead of failing.
/// </summary>
public sealed class ReleaseBuildFactAttribute : FactAttribute
{
    public ReleaseBuildFactAttribute()
    {
#if DEBUG
        Skip = "allocation counts hold for the Release build only (./run.sh test builds Release)";
#endif
    }
}
