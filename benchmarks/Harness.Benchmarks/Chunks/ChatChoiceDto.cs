using System.Text.Json.Serialization;

namespace Harness.Benchmarks.Chunks;

/// <summary>One entry of <c>choices</c>.</summary>
public sealed class ChatChoiceDto
{
    /// <summary><c>delta</c>.</summary>
    [JsonPropertyName("delta")]
    public ChatDeltaDto? Delta { get; set; }
}
