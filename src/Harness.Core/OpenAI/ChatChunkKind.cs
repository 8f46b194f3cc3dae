namespace Harness.Core.OpenAI;

/// <summary>What one <c>data</c> payload of a chat-completions stream turned out to be.</summary>
public enum ChatChunkKind
{
    /// <summary>A <c>chat.completion.chunk</c> object (content, role, finish reason and/or usage).</summary>
    Chunk,

    /// <summary>The terminating <c>[DONE]</c> sentinel.</summary>
    Done,

    /// <summary>An object with an <c>error</c> member, sent mid-stream.</summary>
    Error,

    /// <summary>Not valid JSON, or JSON that is not an object.</summary>
    Malformed,
}
