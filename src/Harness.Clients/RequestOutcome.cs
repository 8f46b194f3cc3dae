namespace Harness.Clients;

/// <summary>How one streamed request ended. Details (status, close code, phase) are on <see cref="RequestTimeline"/>.</summary>
public enum RequestOutcome
{
    /// <summary>The stream ended as the protocol says (<c>[DONE]</c> / <c>chat.done</c>).</summary>
    Ok,

    /// <summary>The stream ended early: no <c>[DONE]</c>, no finish, or the connection closed mid-answer.</summary>
    Truncated,

    /// <summary>Payloads that were not valid JSON arrived (<see cref="RequestTimeline.MalformedCount"/>).</summary>
    Malformed,

    /// <summary>A non-success HTTP status (<see cref="RequestTimeline.HttpStatus"/>), after any retries.</summary>
    HttpError,

    /// <summary>The WebSocket closed before <c>chat.done</c> (<see cref="RequestTimeline.WebSocketCloseCode"/>; 1006 for an abort).</summary>
    WebSocketClosed,

    /// <summary>A phase timed out (<see cref="RequestTimeline.TimeoutPhase"/>).</summary>
    Timeout,

    /// <summary>The connection could not be made.</summary>
    ConnectError,

    /// <summary>The caller cancelled the request.</summary>
    Cancelled,

    /// <summary>The server sent an error object or message mid-stream (<see cref="RequestTimeline.ErrorMessage"/>).</summary>
    ServerError,

    /// <summary>A success status, but the body is not <c>text/event-stream</c> (<see cref="RequestTimeline.UnexpectedMediaType"/>): an HTML page, JSON...</summary>
    BadContentType,

    /// <summary>The body came content-encoded although identity was asked for (<see cref="RequestTimeline.UnexpectedContentEncoding"/>).</summary>
    ContentEncoding,

    /// <summary>
    /// Cut off because the run was interrupted (Ctrl+C, SIGTERM): the harness stopped it, so it is
    /// neither a success nor a failure of the endpoint. Set by the load engine, never by a client.
    /// </summary>
    Stopped,
}
