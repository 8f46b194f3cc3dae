using System.Text.Json.Serialization;

namespace Harness.Benchmarks.Chunks;

/// <summary>Source-generated serializer metadata for <see cref="ChatChunkDto"/>.</summary>
[JsonSerializable(typeof(ChatChunkDto))]
public sealed partial class ChatChunkJsonContext : JsonSerializerContext;
