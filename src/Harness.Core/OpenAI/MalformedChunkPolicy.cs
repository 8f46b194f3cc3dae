namespace Harness.Core.OpenAI;

/// <summary>What a <see cref="ChatStreamReader"/> does with a payload that is not valid JSON.</summary>
public enum MalformedChunkPolicy
{
    /// <summary>Count it and return it as <see cref="ChatChunkKind.Malformed"/> with its error.</summary>
    Report,

    /// <summary>Count it and read on without returning it.</summary>
    SkipAndCount,

    /// <summary>Throw <see cref="MalformedChunkException"/> naming the event index.</summary>
    Fail,
}
