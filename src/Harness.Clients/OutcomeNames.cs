using System.Globalization;

namespace Harness.Clients;

/// <summary>The names outcomes (and their timeout phases and token sources) are shown and written with: <c>ok</c>, <c>http_error(429)</c>, <c>timeout(idle)</c>, ...</summary>
public static class OutcomeNames
{
    private static readonly RequestOutcome[] s_outcomes = Enum.GetValues<RequestOutcome>();
    private static readonly TimeoutPhase[] s_phases = Enum.GetValues<TimeoutPhase>();

    /// <summary>The bare name of an outcome (<c>ok</c>, <c>truncated</c>, <c>malformed</c>, <c>http_error</c>, <c>ws_closed</c>, <c>timeout</c>, <c>connect_error</c>, <c>cancelled</c>, <c>server_error</c>, <c>bad_content_type</c>, <c>content_encoding</c>, <c>stopped</c>).</summary>
    public static string ToName(this RequestOutcome outcome) => outcome switch
    {
        RequestOutcome.Ok => "ok",
        RequestOutcome.Truncated => "truncated",
        RequestOutcome.Malformed => "malformed",
        RequestOutcome.HttpError => "http_error",
        RequestOutcome.WebSocketClosed => "ws_closed",
        RequestOutcome.Timeout => "timeout",
        RequestOutcome.ConnectError => "connect_error",
        RequestOutcome.Cancelled => "cancelled",
        RequestOutcome.ServerError => "server_error",
        RequestOutcome.BadContentType => "bad_content_type",
        RequestOutcome.ContentEncoding => "content_encoding",
        RequestOutcome.Stopped => "stopped",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    /// <summary>The name of a timeout phase: <c>connect</c>, <c>first_token</c>, <c>idle</c>, <c>total</c>, <c>drain</c>.</summary>
    public static string ToName(this TimeoutPhase phase) => phase switch
    {
        TimeoutPhase.None => "none",
        TimeoutPhase.Connect => "connect",
        TimeoutPhase.FirstToken => "first_token",
        TimeoutPhase.Idle => "idle",
        TimeoutPhase.Total => "total",
        TimeoutPhase.Drain => "drain",
        _ => throw new ArgumentOutOfRangeException(nameof(phase)),
    };

    /// <summary>The outcome written as <paramref name="name"/> (<see cref="ToName(RequestOutcome)"/> read back); false for any other text.</summary>
    public static bool TryParse(string? name, out RequestOutcome outcome) => TryParse(s_outcomes, ToName, name, out outcome);

    /// <summary>The timeout phase written as <paramref name="name"/> (<see cref="ToName(TimeoutPhase)"/> read back); false for any other text.</summary>
    public static bool TryParse(string? name, out TimeoutPhase phase) => TryParse(s_phases, ToName, name, out phase);

    /// <summary>The name of an output-token source: <c>usage</c>, <c>counted</c>, <c>deltas</c>.</summary>
    public static string ToName(this OutputTokenSource source) => source switch
    {
        OutputTokenSource.Usage => "usage",
        OutputTokenSource.Counted => "counted",
        OutputTokenSource.Deltas => "deltas",
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };

    /// <summary>The outcome with its detail: <c>http_error(401)</c>, <c>ws_closed(1006)</c>, <c>timeout(idle)</c>, <c>malformed(2)</c>, <c>bad_content_type(text/html)</c>, <c>content_encoding(gzip)</c>.</summary>
    public static string Describe(RequestTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return timeline.Outcome switch
        {
            RequestOutcome.HttpError => $"http_error({timeline.HttpStatus?.ToString(CultureInfo.InvariantCulture) ?? "?"})",
            RequestOutcome.WebSocketClosed => $"ws_closed({timeline.WebSocketCloseCode?.ToString(CultureInfo.InvariantCulture) ?? "?"})",
            RequestOutcome.Timeout => $"timeout({timeline.TimeoutPhase.ToName()})",
            RequestOutcome.Malformed => $"malformed({timeline.MalformedCount.ToString(CultureInfo.InvariantCulture)})",
            RequestOutcome.BadContentType => $"bad_content_type({timeline.UnexpectedMediaType ?? "?"})",
            RequestOutcome.ContentEncoding => $"content_encoding({timeline.UnexpectedContentEncoding ?? "?"})",
            _ => timeline.Outcome.ToName(),
        };
    }

    /// <summary>
    /// A failed request on one line, "outcome: what happened" (<c>connect_error: connection refused
    /// (127.0.0.1:8080)</c>), the outcome alone when nothing more was said; null for an ok request and
    /// one an interruption stopped, neither of which failed. <paramref name="outcomeText"/> is the
    /// outcome as the caller writes it (default: <see cref="Describe"/>).
    /// </summary>
    public static string? FailureOf(RequestTimeline timeline, string? outcomeText = null)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        if (timeline.Outcome is RequestOutcome.Ok or RequestOutcome.Stopped)
        {
            return null;
        }

        outcomeText ??= Describe(timeline);
        return timeline.ErrorMessage is null ? outcomeText : $"{outcomeText}: {timeline.ErrorMessage}";
    }

    /// <summary>Reads the outcome of a <see cref="Describe"/>d name (<c>http_error(502)</c> → <see cref="RequestOutcome.HttpError"/>), or of a bare one.</summary>
    public static bool TryParseDescribed(string? text, out RequestOutcome outcome)
    {
        int detail = text?.IndexOf('(', StringComparison.Ordinal) ?? -1;
        if (detail >= 0 && !text!.EndsWith(')'))
        {
            outcome = default;
            return false;
        }

        return TryParse(detail >= 0 ? text![..detail] : text, out outcome);
    }

    private static bool TryParse<T>(T[] values, Func<T, string> nameOf, string? name, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in values)
        {
            if (string.Equals(nameOf(candidate), name, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
