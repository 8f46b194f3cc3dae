namespace Harness.Reports.Cost;

/// <summary>A model's price in US dollars per million tokens; a price file gives both (a missing one is not $0).</summary>
public sealed record ModelPrice
{
    /// <summary>Dollars per million input (prompt) tokens.</summary>
    public required double InputPerMillion { get; init; }

    /// <summary>Dollars per million output (completion) tokens.</summary>
    public required double OutputPerMillion { get; init; }
}
