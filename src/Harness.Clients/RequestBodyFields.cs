using System.Text.Json;
using Harness.Core;

namespace Harness.Clients;

/// <summary>
/// The <c>--body '{...}'</c> fields merged into every request body: parsed once, written by every
/// transport after the fields the client writes itself (which a field given here replaces).
/// </summary>
public static class RequestBodyFields
{
    /// <summary>Fields the harness owns: the model, the conversation and streaming itself.</summary>
    public static IReadOnlyList<string> Reserved { get; } = ["model", "messages", "input", "stream"];

    /// <summary>Parses a JSON object into its fields.</summary>
    /// <exception cref="FormatException">Not a JSON object, or a reserved field; the message says which.</exception>
    public static IReadOnlyDictionary<string, JsonElement> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not valid JSON: {JsonProblem.Describe(ex)}");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("must be a JSON object, like '{\"temperature\":0}'");
            }

            var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (Reserved.Contains(p.Name))
                {
                    throw new FormatException($"'{p.Name}' is set by the harness (use --model, --prompt or --prompts), not by the body");
                }

                fields[p.Name] = p.Value.Clone();
            }

            return fields;
        }
    }

    /// <summary>Whether <paramref name="fields"/> sets <paramref name="name"/>.</summary>
    public static bool Has(IReadOnlyDictionary<string, JsonElement>? fields, string name) =>
        fields is not null && fields.ContainsKey(name);

    /// <summary>Writes every field at the writer's current object level.</summary>
    public static void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, JsonElement>? fields)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (fields is null)
        {
            return;
        }

        foreach (var (name, value) in fields)
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }
    }
}
