using System.Buffers;
using System.Text.Json;

namespace Harness.Clients.Internal;

/// <summary>Writes a dialect's start message for a request, filling the <c>$model</c>, <c>$messages</c>, <c>$api_key</c> and <c>$max_tokens</c> slots.</summary>
internal sealed class StartMessageTemplate
{
    private readonly JsonElement _template;

    public StartMessageTemplate(WebSocketDialect dialect)
    {
        using var doc = JsonDocument.Parse(dialect.StartTemplate);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the WebSocket start template must be a JSON object");
        }

        _template = doc.RootElement.Clone();
    }

    public void Write(IBufferWriter<byte> output, ChatRequest request, string? apiKeyInMessage)
    {
        using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        foreach (var p in _template.EnumerateObject())
        {
            if (RequestBodyFields.Has(request.BodyFields, p.Name))
            {
                // --body replaces the template's field; written after the loop.
                continue;
            }

            if (p.Value.ValueKind != JsonValueKind.String)
            {
                p.WriteTo(w);
                continue;
            }

            switch (p.Value.GetString())
            {
                case "$model":
                    w.WriteString(p.Name, request.Model);
                    break;
                case "$messages":
                    w.WritePropertyName(p.Name);
                    ChatRequestJson.WriteMessages(w, request.Messages);
                    break;
                case "$api_key":
                    if (!string.IsNullOrEmpty(apiKeyInMessage))
                    {
                        w.WriteString(p.Name, apiKeyInMessage);
                    }

                    break;
                case "$max_tokens":
                    if (request.MaxTokens is int max)
                    {
                        w.WriteNumber(p.Name, max);
                    }

                    break;
                default:
                    p.WriteTo(w);
                    break;
            }
        }

        ChatRequestJson.WriteExtraFields(w, request.ExtraBodyFields);
        RequestBodyFields.Write(w, request.BodyFields);
        w.WriteEndObject();
    }
}
