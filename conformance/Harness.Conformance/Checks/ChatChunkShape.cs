using System.Text.Json;

namespace Harness.Conformance.Checks;

/// <summary>What the SSE checks need to know about one <c>data</c> payload of a chat-completions stream.</summary>
internal sealed record ChatChunkShape(bool Valid, string? Problem, int ChoiceCount, string? FinishReason, string? Content, JsonElement? Usage)
{
    /// <summary>Judges one payload against the chat-completion-chunk shape: an object with <c>object: "chat.completion.chunk"</c> and a <c>choices</c> array whose items carry a <c>delta</c> object.</summary>
    public static ChatChunkShape Of(string data)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(data);
        }
        catch (JsonException ex)
        {
            return Invalid($"not JSON ({ex.Message.Split('.')[0]})");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Invalid($"a JSON {root.ValueKind}, not an object");
            }

            if (root.TryGetProperty("error", out _))
            {
                return Invalid("an error object mid-stream");
            }

            if (!root.TryGetProperty("object", out var obj) || obj.ValueKind != JsonValueKind.String || obj.GetString() != "chat.completion.chunk")
            {
                return Invalid("\"object\" is not \"chat.completion.chunk\"");
            }

            if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
            {
                return Invalid("no \"choices\" array");
            }

            string? finish = null;
            string? content = null;
            foreach (var choice in choices.EnumerateArray())
            {
                if (choice.ValueKind != JsonValueKind.Object || !choice.TryGetProperty("delta", out var delta) || delta.ValueKind != JsonValueKind.Object)
                {
                    return Invalid("a choice without a \"delta\" object");
                }

                if (choice.TryGetProperty("finish_reason", out var fr) && fr.ValueKind == JsonValueKind.String)
                {
                    finish = fr.GetString();
                }

                if (delta.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String)
                {
                    content = (content ?? "") + c.GetString();
                }
            }

            JsonElement? usage = root.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object ? u.Clone() : null;
            return new ChatChunkShape(true, null, choices.GetArrayLength(), finish, content, usage);
        }
    }

    private static ChatChunkShape Invalid(string problem) => new(false, problem, 0, null, null, null);
}
