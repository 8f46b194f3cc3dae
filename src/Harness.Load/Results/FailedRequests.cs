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

    /// <summary>Whether <see cref="AboveAnyValue"/> counts any request for <paramref name="metric"/>: all but ITL's gaps.</summary>
    public static bool Counted(string metric) =>
        SampleEveryRequest(metric) || metric is MetricNames.Tpot or MetricNames.Connect or MetricNames.Tls;

    /// <summary>
    /// The requests of <paramref name="series"/> that count above any value of <paramref name="metric"/>
    /// beside its histogram's <paramref name="samples"/> (successful requests only): for TTFB, TTFC, TTFT
    /// and e2e every other ended request (failed, or ok without that moment: no token is no first
    /// token); for TPOT the failed ones (an answer of one token has no TPOT, and is no failure); for
    /// connect and TLS, sampled per new connection, the connections that failed to open or to finish
    /// their handshake. None for ITL, sampled per gap, where a failed request has no place: an error
    /// share judges it.
    /// </summary>
    public static long AboveAnyValue(SeriesResult series, string metric, long samples)
    {
        ArgumentNullException.ThrowIfNull(series);
        return SampleEveryRequest(metric) ? Math.Max(0, series.Ended - samples) : metric switch
        {
            MetricNames.Tpot => series.Errors,
            MetricNames.Connect => series.FailedConnects,
            MetricNames.Tls => series.FailedTlsHandshakes,
            _ => 0,
        };
    }

    /// <summary>What <see cref="AboveAnyValue"/> counted, for a verdict's reason: "failed or without ttft", "failed", "failed to connect".</summary>
    public static string Describe(string metric) => SampleEveryRequest(metric) ? "failed or without " + metric : metric switch
    {
        MetricNames.Connect => "failed to connect",
        MetricNames.Tls => "failed the TLS handshake",
        _ => "failed",
    };
}
