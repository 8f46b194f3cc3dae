namespace Harness.Core.Schedule;

/// <summary>One event a fake sends: the text of one or more tokens and when it is due.</summary>
/// <param name="Index">Zero-based chunk index within the response.</param>
/// <param name="FirstTokenIndex">Index of the chunk's first token within the response.</param>
/// <param name="TokenCount">Number of tokens in the chunk.</param>
/// <param name="Text">The concatenated token texts.</param>
/// <param name="Offset">When the chunk is due, measured from the start of the request.</param>
public readonly record struct ScheduledChunk(int Index, int FirstTokenIndex, int TokenCount, string Text, TimeSpan Offset);
