namespace Harness.Reports.Decision;

/// <summary>One transport's failed requests at a load point, with the 95% Wilson interval of their share.</summary>
public sealed record TransportErrors
{
    /// <summary>The transport.</summary>
    public required string Transport { get; init; }

    /// <summary>Requests that ended ok or failed (those an interruption stopped ended neither way and are left out).</summary>
    public long Ended { get; init; }

    /// <summary>Requests that failed.</summary>
    public long Failed { get; init; }

    /// <summary>Failed requests by outcome name.</summary>
    public Dictionary<string, long> Outcomes { get; init; } = [];

    /// <summary>The first failure, as "outcome: what happened"; null when none failed or the results predate it.</summary>
    public string? FirstFailure { get; init; }

    /// <summary>Lower end of the 95% Wilson interval of the error share (0–1).</summary>
    public double ShareLow { get; init; }

    /// <summary>Upper end of the 95% Wilson interval of the error share (0–1).</summary>
    public double ShareHigh { get; init; }
}
