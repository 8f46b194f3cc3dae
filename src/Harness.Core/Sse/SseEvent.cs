namespace Harness.Core.Sse;

/// <summary>A dispatched event copied out of an <see cref="SseReader"/>, for callers that keep events.</summary>
/// <param name="Type">The event type (<c>message</c> by default).</param>
/// <param name="Data">The event's data, lines joined with LF.</param>
/// <param name="LastEventId">The stream's last event ID when the event was dispatched.</param>
public readonly record struct SseEvent(string Type, string Data, string LastEventId);
