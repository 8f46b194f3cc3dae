using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Harness.Clients;

namespace Harness.Load.Results;

/// <summary>
/// What a run sent, recorded in results.json settings so <c>diff</c> can refuse runs that asked for
/// different things (a longer answer, another prompt) instead of calling the change a regression.
/// Prompts, body and header values are recorded as a short SHA-256 only, and the values of headers
/// that carry a credential not at all: results are shared, keys are not.
/// </summary>
public static class SentSettings
{
    /// <summary>The keys written, in the order diff names them.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["max_tokens", "prompts", "body", "headers", "timeouts"];

    /// <summary>Adds the keys to <paramref name="into"/>.</summary>
    public static void AddTo(
        IDictionary<string, string> into,
        IReadOnlyList<IReadOnlyList<ChatMessage>> conversations,
        int? maxTokens,
        IReadOnlyDictionary<string, JsonElement>? body,
        IReadOnlyDictionary<string, string>? headers,
        ClientTimeouts timeouts)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentNullException.ThrowIfNull(conversations);
        ArgumentNullException.ThrowIfNull(timeouts);
        into["max_tokens"] = maxTokens?.ToString(CultureInfo.InvariantCulture) ?? "endpoint's default";
        into["prompts"] = string.Create(CultureInfo.InvariantCulture, $"{conversations.Count}, sha256 {Hash(JsonSerializer.Serialize(conversations.Select(c => c.Select(m => new[] { m.Role, m.Content }))))}");
        into["body"] = body is null || body.Count == 0
            ? "none"
            : "sha256 " + Hash(string.Join('\n', body.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + f.Value.GetRawText())));
        var sent = (headers ?? new Dictionary<string, string>()).OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase).ToList();
        // Credentials change nothing about what is measured and must not leave the machine, even hashed.
        var compared = sent.Where(h => !EndpointSettings.CarriesASecret(h.Key)).ToList();
        into["headers"] = sent.Count == 0
            ? "none"
            : string.Join(",", sent.Select(h => h.Key.ToLowerInvariant())) + (compared.Count == 0 ? string.Empty : "; values sha256 " + Hash(string.Join('\n', compared.Select(h => h.Key.ToLowerInvariant() + ":" + h.Value))));
        into["timeouts"] = string.Create(CultureInfo.InvariantCulture, $"connect {Seconds(timeouts.Connect)}, first token {Seconds(timeouts.FirstToken)}, idle {Seconds(timeouts.Idle)}, total {Seconds(timeouts.Total)}");
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
}
