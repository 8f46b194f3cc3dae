namespace Harness.Core.OpenAI;

/// <summary>A chunk was not valid JSON and the policy was <see cref="MalformedChunkPolicy.Fail"/>.</summary>
public sealed class MalformedChunkException : IOException
{
    /// <summary>Creates the error for the event at <paramref name="eventIndex"/> (0-based).</summary>
    public MalformedChunkException(long eventIndex, string reason)
        : base($"malformed chunk at event {eventIndex}: {reason}")
    {
        EventIndex = eventIndex;
        Reason = reason;
    }

    /// <summary>The 0-based index of the offending event among the dispatched events.</summary>
    public long EventIndex { get; }

    /// <summary>Why the payload was rejected.</summary>
    public string Reason { get; }
}
