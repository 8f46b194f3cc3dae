namespace Harness.Conformance;

/// <summary>One dispatched SSE event as the conformance client saw it.</summary>
/// <param name="Type">Event type (<c>message</c> unless an <c>event:</c> field said otherwise).</param>
/// <param name="Data">The data buffer.</param>
/// <param name="LastEventId">The last event ID at dispatch.</param>
/// <param name="ArrivedAt">When the reader dispatched it, from the start of the request.</param>
/// <param name="EndOffset">Body bytes consumed when it was dispatched.</param>
public sealed record CapturedEvent(string Type, string Data, string LastEventId, TimeSpan ArrivedAt, long EndOffset)
{
    /// <summary>True for the <c>[DONE]</c> sentinel.</summary>
    public bool IsDone => Data == "[DONE]";
}
