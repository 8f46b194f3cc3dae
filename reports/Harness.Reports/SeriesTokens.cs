namespace Harness.Reports;

/// <summary>Tokens and cost of one transport series.</summary>
public sealed record SeriesTokens
{
    /// <summary>Transport.</summary>
    public required string Transport { get; init; }

    /// <summary>Load point.</summary>
    public required string LoadPoint { get; init; }

    /// <summary>Output tokens received (usage, else the tokenizer's count, per request).</summary>
    public long OutputTokens { get; init; }

    /// <summary>Where the counts came from and the usage-vs-tokenizer mismatch report (null for older results).</summary>
    public Harness.Load.Results.OutputTokenAccounting? Accounting { get; init; }

    /// <summary>Dollars for those tokens at the model's output price; null without a price table.</summary>
    public double? OutputCost { get; init; }
}
