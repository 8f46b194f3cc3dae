namespace Harness.Clients.Internal;

/// <summary>
/// Recognises the other SSE dialect's payloads, so a stream read in the wrong one (Responses events
/// read as chat chunks, or the reverse) ends with a hint instead of a bare "truncated". Only looked at
/// while no content has arrived: once content decodes, the dialect is right.
/// </summary>
internal static class DialectMismatch
{
    /// <summary>A chat-completions payload: a chunk object or the <c>[DONE]</c> sentinel.</summary>
    public static bool IsChatChunk(ReadOnlySpan<byte> data) =>
        data.SequenceEqual("[DONE]"u8) || data.IndexOf("\"chat.completion.chunk\""u8) >= 0;

    /// <summary>A Responses API event: its <c>type</c> names a <c>response.*</c> event.</summary>
    public static bool IsResponsesEvent(ReadOnlySpan<byte> data) =>
        data.IndexOf("\"response.output_"u8) >= 0 || data.IndexOf("\"response.created\""u8) >= 0 || data.IndexOf("\"response.completed\""u8) >= 0;

    public const string ChatInResponses = "stream ended without response.completed: its payloads are Chat Completions chunks, not Responses events (drop --responses)";

    public const string ResponsesInChat = "stream ended without data: [DONE]: its payloads are Responses API events, not Chat Completions chunks (use --responses)";
}
