namespace Harness.Reports.Cost;

/// <summary>What a run's tokens cost at a model's price.</summary>
public sealed record CostEstimate
{
    /// <summary>The model priced.</summary>
    public required string Model { get; init; }

    /// <summary>The price-table key that matched.</summary>
    public required string PriceKey { get; init; }

    /// <summary>Input (prompt) tokens.</summary>
    public long InputTokens { get; init; }

    /// <summary>Output (completion) tokens.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Dollars for the input tokens.</summary>
    public double InputCost { get; init; }

    /// <summary>Dollars for the output tokens.</summary>
    public double OutputCost { get; init; }

    /// <summary>Dollars in total.</summary>
    public double TotalCost => InputCost + OutputCost;

    /// <summary>Dollars per million tokens (input and output together); null without tokens.</summary>
    public double? CostPerMillionTokens =>
        InputTokens + OutputTokens == 0 ? null : TotalCost / (InputTokens + OutputTokens) * 1_000_000.0;

    /// <summary>Prices <paramref name="inputTokens"/> and <paramref name="outputTokens"/> at <paramref name="price"/>.</summary>
    public static CostEstimate Compute(string model, string priceKey, ModelPrice price, long inputTokens, long outputTokens)
    {
        ArgumentNullException.ThrowIfNull(price);
        return new CostEstimate
        {
            Model = model,
            PriceKey = priceKey,
            InputTokens = inputTokens,
            OutputTokens = outputTokens,
            InputCost = inputTokens / 1_000_000.0 * price.InputPerMillion,
            OutputCost = outputTokens / 1_000_000.0 * price.OutputPerMillion,
        };
    }
}
