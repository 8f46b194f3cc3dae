namespace Harness.Fakes;

/// <summary>
/// One request's (or WebSocket turn's) token timing as the fake saw it, in <see cref="System.Diagnostics.Stopwatch"/>
/// ticks (CLOCK_MONOTONIC on Linux, so comparable with a client's timestamps in another process on
/// the same machine): when the request reached the handler, when each content token was due, and
/// when the bytes that carry it were handed to the socket (0: not written). Taken just before the
/// send (over HTTP/2 by the connection's writer, <see cref="Http2SendTap"/>), so a client can never
/// observe a token before its write time, however the fake's threads are preempted.
/// </summary>
public sealed class FakeWriteRecord
{
    internal FakeWriteRecord(long requestIndex, long startTimestamp, int tokens)
    {
        RequestIndex = requestIndex;
        StartTimestamp = startTimestamp;
        Due = new long[tokens];
        Written = new long[tokens];
    }

    /// <summary>The request index (response header <c>x-fake-request-index</c>, WebSocket <c>chat.done.request_index</c>).</summary>
    public long RequestIndex { get; }

    /// <summary>When the handler received the request: the schedule's origin.</summary>
    public long StartTimestamp { get; }

    /// <summary>When each content token was due (schedule origin plus its offset and any injected stall).</summary>
    public long[] Due { get; }

    /// <summary>When the bytes carrying each content token were handed to the socket (just before the send).</summary>
    public long[] Written { get; }

    /// <summary>True when the HTTP/2 connection's writer stamped <see cref="Written"/> (<see cref="Http2SendTap"/>), not the response.</summary>
    internal bool StampedByConnection { get; set; }
}
