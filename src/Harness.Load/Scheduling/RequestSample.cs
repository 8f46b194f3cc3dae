using Harness.Clients;

namespace Harness.Load.Scheduling;

/// <summary>
/// One measured request's moments as <see cref="System.Diagnostics.Stopwatch"/> timestamps, for
/// judging whether a pause of the harness delayed it: its latency origin (the intended start in an
/// open model), the moment its request had surely reached the server (response headers, or the
/// written request where no headers come, as on a reused WebSocket; the origin when neither is
/// known), when its first token was read (0 without one), when it ended (0 when its end-to-end
/// time is not judged), when its response headers and first event of any kind were read (0 when
/// not judged, or none came), and its time per output token (zero when not judged, or it has none).
/// </summary>
internal readonly record struct RequestSample(long Origin, long Delivered, long FirstToken, long End = 0, long Headers = 0, long FirstChunk = 0, TimeSpan Tpot = default)
{
    /// <summary>The sample of a request that got a first token, its end not judged; null for one that did not.</summary>
    public static RequestSample? Of(RequestTimeline t) => t.FirstToken == 0 ? null : Ended(t, 0);

    /// <summary>The sample of a successful request that ended at <paramref name="end"/> (0: not judged, nor its headers, first event and TPOT), with or without a first token.</summary>
    public static RequestSample Ended(RequestTimeline t, long end)
    {
        long origin = t.LatencyOrigin;
        return new RequestSample(origin, t.ResponseHeaders != 0 ? t.ResponseHeaders : Math.Max(origin, t.RequestWritten), t.FirstToken, end, end == 0 ? 0 : t.ResponseHeaders, end == 0 ? 0 : t.FirstChunk, end == 0 ? default : t.Tpot ?? default);
    }
}
