using System.Globalization;
using Harness.Core.OpenAI;

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

    /// <summary>
    /// A non-empty content delta: the first one moves the deadline from first-token to idle; the
    /// arrival is recorded, the text kept for counting (when a tokenizer is on) and shown to the observer.
    /// </summary>
    public static void OnContent(RequestTimeline timeline, RequestDeadline deadline, long at, ReadOnlySpan<byte> utf8, IStreamObserver? observer)
    {
        if (timeline.FirstToken == 0)
        {
            deadline.EnterIdle(at);
        }

        timeline.RecordContent(at);
        timeline.Output?.AddContent(utf8);
        observer?.OnContent(utf8);
    }

    /// <summary>A non-empty reasoning delta: the first one is the first reasoning token; the text is kept and shown like content.</summary>
    public static void OnReasoning(RequestTimeline timeline, long at, ReadOnlySpan<byte> utf8, IStreamObserver? observer)
    {
        if (timeline.FirstReasoningToken == 0)
        {
            timeline.FirstReasoningToken = at;
        }

        timeline.Output?.AddReasoning(utf8);
        observer?.OnReasoning(utf8);
    }

    /// <summary>The end marker (<c>[DONE]</c>, <c>response.completed</c>, <c>chat.done</c>) with the usage it carried, if any.</summary>
    public static void OnDone(RequestTimeline timeline, long at, ChatUsage? usage)
    {
        timeline.SawDone = true;
        timeline.Usage = usage ?? timeline.Usage;
        timeline.End = at;
        Finish(timeline);
    }

    /// <summary>
    /// Decodes one typed event (Responses API over SSE, or a WebSocket message) and applies what
    /// every transport does with it: content and reasoning deltas, malformed payloads, the end and
    /// its usage. Returns the kind, so the transport handles its own endings (errors, incomplete).
    /// </summary>
    public static StreamEventKind OnTypedEvent<TDecoder>(TDecoder decoder, ReadOnlySpan<byte> data, RequestTimeline timeline, RequestDeadline deadline, long at, IStreamObserver? observer)
        where TDecoder : ITypedEventDecoder
    {
        var kind = decoder.Decode(data);
        switch (kind)
        {
            case StreamEventKind.Malformed:
                timeline.MalformedCount++;
                break;
            case StreamEventKind.Delta when !decoder.Delta.IsEmpty:
                OnContent(timeline, deadline, at, decoder.Delta.Span, observer);
                break;
            case StreamEventKind.Reasoning when !decoder.Delta.IsEmpty:
                OnReasoning(timeline, at, decoder.Delta.Span, observer);
                break;
            case StreamEventKind.Done:
                OnDone(timeline, at, decoder.Usage);
                break;
            case StreamEventKind.Incomplete:
                timeline.Usage = decoder.Usage ?? timeline.Usage;
                break;
        }

        return kind;
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
                // Connected (TCP, and TLS when secure) yet still in the connect phase: only a
                // WebSocket's upgrade waits there, for the server's answer to it.
                TimeoutPhase.Connect => timeline.ConnectCompleted ? "upgrade response" : "connection",
                TimeoutPhase.FirstToken => "first token",
                TimeoutPhase.Idle => timeline.ResponseHeaders == 0 ? "response headers" : "event",
                _ => "end",
            };
            timeline.ErrorMessage = $"no {awaited} within {Limit(deadline.Timeouts, deadline.Fired)}";
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
    public static void ConnectTimedOut(RequestTimeline timeline, ClientTimeouts timeouts)
    {
        timeline.Outcome = RequestOutcome.Timeout;
        timeline.TimeoutPhase = TimeoutPhase.Connect;
        timeline.ErrorMessage = $"no connection within {Limit(timeouts, TimeoutPhase.Connect)}";
    }

    /// <summary>A phase's limit and the option that sets it: "2 s (--first-token-timeout)".</summary>
    public static string Limit(ClientTimeouts timeouts, TimeoutPhase phase)
    {
        var (limit, option) = phase switch
        {
            TimeoutPhase.Connect => (timeouts.Connect, "--connect-timeout"),
            TimeoutPhase.FirstToken => (timeouts.FirstToken, "--first-token-timeout"),
            TimeoutPhase.Idle => (timeouts.Idle, "--idle-timeout"),
            _ => (timeouts.Total, "--total-timeout"),
        };
        return string.Create(CultureInfo.InvariantCulture, $"{limit.TotalSeconds:0.###} s ({option})");
    }
}
