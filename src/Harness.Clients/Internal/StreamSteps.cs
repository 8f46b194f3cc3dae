namespace Harness.Clients.Internal;

/// <summary>
/// The steps every streaming client takes on its timeline, whatever the transport: an event
/// arrived, content arrived, the stream ended with or without its end marker, the request was
/// stopped by a timeout or the caller. One home, so SSE and WebSocket cannot drift apart.
/// </summary>
internal static class StreamSteps
{
    /// <summary>Any event (chunk, message): the idle clock restarts; the first one is the first chunk.</summary>
    public static void OnEvent(RequestTimeline timeline, RequestDeadline deadline, long at)
    {
        deadline.Touch(at);
        timeline.ChunkCount++;
        if (timeline.FirstChunk == 0)
        {
            timeline.FirstChunk = at;
        }
    }

    /// <summary>A content token: the first one moves the deadline from first-token to idle.</summary>
    public static void OnContent(RequestTimeline timeline, RequestDeadline deadline, long at, ClientTimeouts timeouts)
    {
        if (timeline.FirstToken == 0)
        {
            deadline.Enter(TimeoutPhase.Idle, timeouts.Idle, at);
        }

        timeline.RecordContent(at);
    }

    /// <summary>The stream finished as the protocol says: ok, unless an error or malformed payload came first.</summary>
    public static void Finish(RequestTimeline timeline)
    {
        if (timeline.Outcome == RequestOutcome.ServerError)
        {
            return;
        }

        timeline.Outcome = timeline.MalformedCount > 0 ? RequestOutcome.Malformed : RequestOutcome.Ok;
        if (timeline.Outcome == RequestOutcome.Malformed)
        {
            timeline.ErrorMessage ??= $"{timeline.MalformedCount} payload(s) were not valid JSON";
        }
    }

    /// <summary>The stream ended before its end marker: truncated, unless the server reported an error.</summary>
    public static void EndedWithoutDone(RequestTimeline timeline, string why)
    {
        if (timeline.Outcome == RequestOutcome.ServerError)
        {
            return;
        }

        timeline.Outcome = RequestOutcome.Truncated;
        timeline.ErrorMessage ??= why;
    }

    /// <summary>
    /// Classifies a failure caused by one of the request's timeouts or by the caller's cancellation;
    /// false when it was neither, and the transport classifies it.
    /// </summary>
    public static bool TryClassifyStop(Exception ex, RequestTimeline timeline, RequestDeadline deadline, CancellationToken caller)
    {
        if (deadline.Fired != TimeoutPhase.None)
        {
            timeline.Outcome = RequestOutcome.Timeout;
            timeline.TimeoutPhase = deadline.Fired;
            string awaited = deadline.Fired switch
            {
                TimeoutPhase.Connect => "connection",
                TimeoutPhase.FirstToken => "first token",
                TimeoutPhase.Idle => timeline.ResponseHeaders == 0 ? "response headers" : "event",
                _ => "end",
            };
            timeline.ErrorMessage = $"no {awaited} within the {deadline.Fired.ToName()} timeout";
            return true;
        }

        if (caller.IsCancellationRequested && ex is OperationCanceledException)
        {
            timeline.Outcome = RequestOutcome.Cancelled;
            timeline.ErrorMessage = "cancelled";
            return true;
        }

        return false;
    }

    /// <summary>The handler's connect timeout: a cancellation or request error wrapping a <see cref="TimeoutException"/>.</summary>
    public static void ConnectTimedOut(RequestTimeline timeline)
    {
        timeline.Outcome = RequestOutcome.Timeout;
        timeline.TimeoutPhase = TimeoutPhase.Connect;
        timeline.ErrorMessage = "connect timed out";
    }
}
