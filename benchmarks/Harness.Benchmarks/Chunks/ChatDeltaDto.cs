using System.Text.Json.Serialization;

namespace Harness.Benchmarks.Chunks;

/// <summary><c>choices[0].delta</c>.</summary>
public sealed class ChatDeltaDto
{
    /// <summary><c>content</c>.</summary>
    [JsonPropertyName("content")]
    public string? Content { get; set; }
}
