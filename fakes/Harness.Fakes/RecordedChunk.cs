namespace Harness.Fakes;

/// <summary>One chunk of a <see cref="StreamRecording"/>.</summary>
/// <param name="Offset">When the chunk arrived, from the start of the request.</param>
/// <param name="Bytes">The chunk's bytes.</param>
public sealed record RecordedChunk(TimeSpan Offset, byte[] Bytes);
