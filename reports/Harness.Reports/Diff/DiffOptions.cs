using Harness.Load.Results;
using Harness.Reports.Claims;

namespace Harness.Reports.Diff;

/// <summary>What <see cref="ResultsDiff"/> compares and how strictly.</summary>
public sealed record DiffOptions
{
    /// <summary>Metrics compared (default ttft, itl, e2e).</summary>
    public IReadOnlyList<string> Metrics { get; init; } = [MetricNames.Ttft, MetricNames.Itl, MetricNames.EndToEnd];

    /// <summary>Percentiles compared (default 50, 95, 99).</summary>
    public IReadOnlyList<double> Percentiles { get; init; } = [50, 95, 99];

    /// <summary>The regression allowed before the gate fails (default 10%).</summary>
    public RegressionLimit MaxRegression { get; init; } = RegressionLimit.Default;

    /// <summary>Compare even when the runs do not match (schedule, model, load, transports).</summary>
    public bool AllowMismatch { get; init; }

    /// <summary>Bootstrap resamples.</summary>
    public int Resamples { get; init; } = ClaimVerifier.DefaultResamples;

    /// <summary>Bootstrap seed.</summary>
    public int Seed { get; init; } = ClaimVerifier.DefaultSeed;
}
