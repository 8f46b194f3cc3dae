namespace Harness.Reports.Decision;

/// <summary>
/// The transports' failures at one load point, compared before any latency: a transport whose error
/// share's 95% Wilson interval lies wholly above the most reliable transport's is the worse one
/// there, whatever the latency of what it did deliver.
/// </summary>
public sealed record ErrorComparison
{
    /// <summary>Each transport's failures, in report order.</summary>
    public List<TransportErrors> Transports { get; init; } = [];

    /// <summary>The transport with the lowest error share.</summary>
    public required string MostReliable { get; init; }

    /// <summary>Transports that failed detectably more requests than <see cref="MostReliable"/>.</summary>
    public List<string> Worse { get; init; } = [];

    /// <summary>True when some transport failed a request here.</summary>
    public bool AnyFailed => Transports.Exists(t => t.Failed > 0);

    /// <summary>The comparison in one sentence.</summary>
    public required string Answer { get; init; }
}
