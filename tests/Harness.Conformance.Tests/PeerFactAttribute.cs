namespace Harness.Conformance.Tests;

/// <summary>A fact that needs the Python peers; skipped only when HARNESS_SKIP_PYTHON_PEERS=1 says so explicitly.</summary>
public sealed class PeerFactAttribute : FactAttribute
{
    public PeerFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(PeerProcess.SkipVariable) == "1")
        {
            Skip = PeerProcess.SkipVariable + "=1";
        }
    }
}
