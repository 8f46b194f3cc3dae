using Harness.Core.Schedule;
using Harness.Load.Overhead;
using Harness.Reports.Claims;

namespace Harness.Reports.Overhead;

/// <summary>How <see cref="OverheadAnalysis"/> judges an overhead run.</summary>
public sealed record OverheadOptions
{
    /// <summary>The direct endpoint, as shown.</summary>
    public required string Direct { get; init; }

    /// <summary>The relay, as shown.</summary>
    public required string Via { get; init; }

    /// <summary>Percentiles reported per metric (default 50, 95, 99).</summary>
    public IReadOnlyList<double> Percentiles { get; init; } = [50, 95, 99];

    /// <summary>Latency claims judged on the overhead (<c>ttft p50 &lt; 50ms</c>: the relay adds under 50 ms).</summary>
    public IReadOnlyList<LatencyClaim> Claims { get; init; } = [];

    /// <summary>The upstream's true schedule when it is the harness's fake, else null.</summary>
    public TokenSchedule? Schedule { get; init; }

    /// <summary>Bootstrap resamples.</summary>
    public int Resamples { get; init; } = ClaimVerifier.DefaultResamples;

    /// <summary>Bootstrap seed (the pair order's seed, by default).</summary>
    public int Seed { get; init; } = OverheadPlan.DefaultSeed;
}
