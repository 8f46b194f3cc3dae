using System.Diagnostics;
using Harness.Clients;

namespace Harness.TestSupport;

/// <summary>Finished <see cref="RequestTimeline"/>s with exact timings, for tests of what is computed from them.</summary>
public static class SyntheticTimeline
{
    private const long Start = 1_000_000_000;

    /// <summary>A successful request on a warm connection: headers at once, first token after <paramref name="ttftMs"/>, then <paramref name="tokens"/> − 1 more <paramref name="itlMs"/> apart, ended at the last.</summary>
    public static RequestTimeline Ok(double ttftMs, double itlMs = 10, int tokens = 3)
    {
        var t = new RequestTimeline { Transport = Transport.Sse, ActualStart = Start, ConnectionReused = true, ResponseHeaders = Start + 1 };
        for (int i = 0; i < tokens; i++)
        {
            t.RecordContent(Start + Ticks(ttftMs + (i * itlMs)));
        }

        t.FirstChunk = t.FirstByte = t.FirstToken;
        t.End = Start + Ticks(ttftMs + ((tokens - 1) * itlMs));
        t.SawDone = true;
        return t;
    }

    /// <summary>A failed request (an HTTP error by default) with no token.</summary>
    public static RequestTimeline Failed(RequestOutcome outcome = RequestOutcome.HttpError) => new()
    {
        Transport = Transport.Sse,
        ActualStart = Start,
        ConnectionReused = true,
        ResponseHeaders = Start + 1,
        End = Start + 2,
        Outcome = outcome,
        HttpStatus = outcome == RequestOutcome.HttpError ? 502 : null,
    };

    private static long Ticks(double ms) => (long)Math.Round(ms * Stopwatch.Frequency / 1000.0);
}
