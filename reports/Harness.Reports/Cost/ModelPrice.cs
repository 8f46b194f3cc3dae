namespace Harness.Reports.Cost;

/// <summary>A model's price in US dollars per million tokens.</summary>
public sealed record ModelPrice
{
    /// <summary>Dollars per million input (prompt) tokens.</summary>
    public double InputPerMillion { get; init; }

    /// <summary>Dollars per million output (completion) tokens.</summary>
    public double OutputPerMillion { get; init; }
}
