namespace Harness.Load.Results;

/// <summary>
/// How a latency percentile counts the requests that give it no sample: as samples above any value,
/// so an endpoint that fails requests never reads as fast. The one rule <c>verify</c>, <c>diff</c> and
/// the transport answer share.
/// </summary>
public static class FailedRequests
{
    /// <summary>
    /// Whether every ended request has a moment for <paramref name="metric"/> or counts above any
    /// value without one (TTFB, TTFC, TTFT, e2e): its samples are the run's requests, so few of them
    /// is a short run, not a metric sampled by some requests only.
    /// </summary>
    public static bool SampleEveryRequest(string metric) =>
        metric is MetricNames.Ttfb or MetricNames.Ttfc or MetricNames.Ttft or MetricNames.EndToEnd;

    /// <summary>Whether <see cref="AboveAnyValue"/> counts any request for <paramref name="metric"/>: the per-request metrics, TPOT among them.</summary>
    public static bool Counted(string metric) => SampleEveryRequest(metric) || metric == MetricNames.Tpot;

    /// <summary>
    /// The requests of <paramref name="series"/> that count above any value of <paramref name="metric"/>
    /// beside its histogram's <paramref name="samples"/> (successful requests only): for TTFB, TTFC, TTFT
    /// and e2e every other ended request (failed, or ok without that moment: no token is no first
    /// token); for TPOT the failed ones (an answer of one token has no TPOT, and is no failure). None
    /// for connect, TLS and ITL, sampled per new connection or per gap, where a failed request has no
    /// place: an error share judges it.
    /// </summary>
    public static long AboveAnyValue(SeriesResult series, string metric, long samples)
    {
        ArgumentNullException.ThrowIfNull(series);
        return SampleEveryRequest(metric) ? Math.Max(0, series.Ended - samples)
            : metric == MetricNames.Tpot ? series.Errors
            : 0;
    }
}
