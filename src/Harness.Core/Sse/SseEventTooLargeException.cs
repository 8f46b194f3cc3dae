namespace Harness.Core.Sse;

/// <summary>
/// An event (its joined data, or one of its lines) passed <see cref="SseReaderOptions.MaxEventSize"/>.
/// Events dispatched before it were delivered; the stream cannot be read further.
/// </summary>
public sealed class SseEventTooLargeException : IOException
{
    /// <summary>Creates the error for a limit passed at <paramref name="offset"/>.</summary>
    public SseEventTooLargeException(int limit, long offset, long eventStartOffset)
        : base($"SSE event larger than the {limit:N0}-byte limit: the event starting at byte {eventStartOffset:N0} passed it at byte {offset:N0}")
    {
        Limit = limit;
        Offset = offset;
        EventStartOffset = eventStartOffset;
    }

    /// <summary>The limit, in bytes.</summary>
    public int Limit { get; }

    /// <summary>The byte offset in the stream at which the limit was passed.</summary>
    public long Offset { get; }

    /// <summary>The byte offset in the stream where the oversized event began.</summary>
    public long EventStartOffset { get; }
}
