using System.Text.Json;
using Harness.Core;

namespace Harness.Reports.Cost;

/// <summary>
/// Prices per model, read from a JSON file (<c>--prices FILE</c>):
/// <c>{ "gpt-4o-mini": { "inputPerMillion": 0.15, "outputPerMillion": 0.6 }, "*": { ... } }</c>.
/// A model is priced by its exact name, else by the longest key ending in <c>*</c> that prefixes it
/// (<c>fake/*</c>), else by <c>*</c>.
/// </summary>
public sealed class PriceTable
{
    // A misspelt price would otherwise read as $0; both prices are required (ModelPrice).
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false, // a model priced twice: the last price would win without a word
    };

    private static readonly string[] s_priceKeys = ["inputPerMillion", "outputPerMillion"];

    /// <summary>The highest price per million tokens taken: far above any real one, and its costs stay finite.</summary>
    private const double MaxPerMillion = 1e9;

    private readonly Dictionary<string, ModelPrice> _prices;

    /// <summary>A table of the given prices.</summary>
    public PriceTable(IReadOnlyDictionary<string, ModelPrice> prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        _prices = new Dictionary<string, ModelPrice>(prices, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Where the table was read from (empty when built in code).</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>Reads a price file; a clear one-line error when it is unreadable or wrong.</summary>
    /// <exception cref="InvalidDataException">The file is missing or not a price table.</exception>
    public static PriceTable Load(string path)
    {
        Dictionary<string, ModelPrice>? prices;
        try
        {
            prices = JsonSerializer.Deserialize<Dictionary<string, ModelPrice>>(File.ReadAllText(path), s_json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"price table '{path}' is not one: {JsonProblem.Describe(ex, s_priceKeys)}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"price table '{path}' {FileProblem.Describe(ex, path)}", ex);
        }

        if (prices is null || prices.Count == 0)
        {
            throw new InvalidDataException($"price table '{path}' is empty: expected {{ \"MODEL\": {{ \"inputPerMillion\": 2.5, \"outputPerMillion\": 10 }} }}");
        }

        foreach (var (model, price) in prices)
        {
            // 1e400 reads as infinity: the report's costs would be too, and its JSON cannot hold them.
            if (price is null || !(price.InputPerMillion is >= 0 and <= MaxPerMillion) || !(price.OutputPerMillion is >= 0 and <= MaxPerMillion))
            {
                throw new InvalidDataException($"price table '{path}': '{model}' needs inputPerMillion and outputPerMillion from 0 to {MaxPerMillion:0e0} dollars");
            }
        }

        return new PriceTable(prices) { Source = path };
    }

    /// <summary>The price of <paramref name="model"/> and the key it matched, or null.</summary>
    public (string Key, ModelPrice Price)? Find(string model)
    {
        if (_prices.TryGetValue(model, out var exact))
        {
            return (model, exact);
        }

        var prefix = _prices
            .Where(p => p.Key.Length > 1 && p.Key.EndsWith('*') && model.StartsWith(p.Key[..^1], StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(p => p.Key.Length)
            .Select(p => ((string, ModelPrice)?)(p.Key, p.Value))
            .FirstOrDefault();
        if (prefix is not null)
        {
            return prefix;
        }

        return _prices.TryGetValue("*", out var fallback) ? ("*", fallback) : null;
    }
}
