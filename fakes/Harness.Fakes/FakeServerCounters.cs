namespace Harness.Fakes;

/// <summary>Live counters of a <see cref="FakeServer"/>; thread-safe, monotonic except <see cref="ActiveStreams"/>.</summary>
public sealed class FakeServerCounters
{
    private long _requestsStarted;
    private long _requestsServed;
    private long _activeStreams;
    private long _droppedClients;
    private long _injectedDrops;
    private long _webSocketSessions;

    /// <summary>Requests (SSE requests and WebSocket turns) that reached a handler.</summary>
    public long RequestsStarted => Volatile.Read(ref _requestsStarted);

    /// <summary>Requests whose handler finished (whatever the outcome, including faults and drops).</summary>
    public long RequestsServed => Volatile.Read(ref _requestsServed);

    /// <summary>Streams currently being sent.</summary>
    public long ActiveStreams => Volatile.Read(ref _activeStreams);

    /// <summary>Streams cut short because the client went away (not counting injected drops).</summary>
    public long DroppedClients => Volatile.Read(ref _droppedClients);

    /// <summary>Streams the server cut on purpose (drop-rst, drop-close, ws-abort, ws-close-1011).</summary>
    public long InjectedDrops => Volatile.Read(ref _injectedDrops);

    /// <summary>WebSocket connections accepted.</summary>
    public long WebSocketSessions => Volatile.Read(ref _webSocketSessions);

    internal void RequestStarted() => Interlocked.Increment(ref _requestsStarted);

    internal void RequestServed() => Interlocked.Increment(ref _requestsServed);

    internal void StreamStarted() => Interlocked.Increment(ref _activeStreams);

    internal void StreamEnded() => Interlocked.Decrement(ref _activeStreams);

    internal void ClientDropped() => Interlocked.Increment(ref _droppedClients);

    internal void DropInjected() => Interlocked.Increment(ref _injectedDrops);

    internal void WebSocketAccepted() => Interlocked.Increment(ref _webSocketSessions);
}
