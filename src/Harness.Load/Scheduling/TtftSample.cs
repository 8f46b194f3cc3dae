using Harness.Clients;

namespace Harness.Load.Scheduling;

/// <summary>
/// One measured request's time to first token as <see cref="System.Diagnostics.Stopwatch"/>
/// timestamps: its latency origin (the intended start in an open model), the moment its request had
/// surely reached the server (response headers, or the written request where no headers come, as on
/// a reused WebSocket; the origin when neither is known), and when its first token was read.
/// </summary>
internal readonly record struct TtftSample(long Origin, long Delivered, long FirstToken)
{
    /// <summary>The sample of a request that got a first token; null for one that did not.</summary>
    public static TtftSample? Of(RequestTimeline t)
    {
        if (t.FirstToken == 0)
        {
            return null;
        }

        long origin = t.LatencyOrigin;
        return new TtftSample(origin, t.ResponseHeaders != 0 ? t.ResponseHeaders : Math.Max(origin, t.RequestWritten), t.FirstToken);
    }
}
