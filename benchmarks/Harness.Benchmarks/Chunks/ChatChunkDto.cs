using System.Text.Json.Serialization;

namespace Harness.Benchmarks.Chunks;

/// <summary>The part of a <c>chat.completion.chunk</c> the serializer benchmark binds: <c>choices[].delta.content</c>.</summary>
public sealed class ChatChunkDto
{
    /// <summary><c>choices</c>.</summary>
    [JsonPropertyName("choices")]
    public List<ChatChoiceDto>? Choices { get; set; }
}
