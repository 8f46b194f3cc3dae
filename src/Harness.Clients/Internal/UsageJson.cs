using System.Text.Json;
using Harness.Core.OpenAI;

namespace Harness.Clients.Internal;

/// <summary>Reads a usage object in either naming: chat (<c>prompt_tokens</c>, <c>completion_tokens</c>) or responses (<c>input_tokens</c>, <c>output_tokens</c>).</summary>
internal static class UsageJson
{
    /// <summary>Reads the object the reader is at (StartObject) and leaves the reader on its EndObject.</summary>
    public static ChatUsage Read(ref Utf8JsonReader reader)
    {
        long prompt = 0, completion = 0, total = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isPrompt = reader.ValueTextEquals("prompt_tokens"u8) || reader.ValueTextEquals("input_tokens"u8);
            bool isCompletion = !isPrompt && (reader.ValueTextEquals("completion_tokens"u8) || reader.ValueTextEquals("output_tokens"u8));
            bool isTotal = !isPrompt && !isCompletion && reader.ValueTextEquals("total_tokens"u8);
            reader.Read();
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n))
            {
                if (isPrompt)
                {
                    prompt = n;
                }
                else if (isCompletion)
                {
                    completion = n;
                }
                else if (isTotal)
                {
                    total = n;
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return new ChatUsage(prompt, completion, total == 0 ? prompt + completion : total);
    }
}
