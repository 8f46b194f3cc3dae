using System.Net.Sockets;
using Harness.Clients;
using Harness.Load;
using Prometheus;

namespace Harness.Cli.Metrics;

/// <summary>
/// <c>--metrics-port N</c>: serves a run's live metrics at <c>http://*:N/metrics</c> in the
/// Prometheus text format while it runs (names in docs/deploy.md; a dashboard in
/// deploy/grafana/). Its own registry, so nothing but these metrics is served and two runs in one
/// process never share counters.
/// </summary>
internal sealed class PrometheusMetrics : ILoadObserver, IDisposable
{
    private static readonly string[] s_series = ["transport", "load_point"];

    private readonly IMetricServer _server;
    private readonly Counter _started, _ended, _tokens;
    private readonly Gauge _active;
    private readonly Histogram _ttft, _itl, _lag;

    private PrometheusMetrics(int port)
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _started = factory.CreateCounter("harness_requests_started_total", "Measured requests started.", s_series);
        _ended = factory.CreateCounter("harness_requests_total", "Measured requests ended, by outcome (ok, truncated, http_error, ws_closed, timeout, ...).", [.. s_series, "outcome"]);
        _tokens = factory.CreateCounter("harness_tokens_total", "Tokens received by measured requests (rate() gives tokens/s).", s_series);
        _active = factory.CreateGauge("harness_active_streams", "Measured requests in flight.", s_series);
        // Buckets span the figures the harness reports (sub-millisecond gaps to minute-long first
        // tokens), four to a doubling: histogram_quantile interpolates inside a bucket, and with
        // doublings a steady 100 ms TTFT read p50 96 ms and p99 127 ms; now within about 5 %.
        _ttft = factory.CreateHistogram("harness_ttft_seconds", "Time to first token, from the intended start (open model) or the send (closed model).",
            new HistogramConfiguration { LabelNames = s_series, Buckets = QuarterDoublings(0.001, 16) });
        _itl = factory.CreateHistogram("harness_itl_seconds", "Gaps between content arrivals (inter-token latency).",
            new HistogramConfiguration { LabelNames = s_series, Buckets = QuarterDoublings(0.0001, 14) });
        _lag = factory.CreateHistogram("harness_lag_seconds", "The harness's own lag: kind=start (scheduling) and kind=read (socket reads handled late).",
            new HistogramConfiguration { LabelNames = [.. s_series, "kind"], Buckets = QuarterDoublings(0.0001, 14) });
        _server = new KestrelMetricServer(hostname: "*", port: port, url: "/metrics", registry: registry);
    }

    /// <summary>Starts serving on <paramref name="port"/> (all interfaces); null when no port was asked for.</summary>
    public static PrometheusMetrics? Start(int? port)
    {
        if (port is null)
        {
            return null;
        }

        if (port is < 1 or > 65535)
        {
            throw new UsageException($"--metrics-port must be 1..65535, got {port}");
        }

        var metrics = new PrometheusMetrics(port.Value);
        try
        {
            metrics._server.Start();
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidOperationException)
        {
            metrics.Dispose();
            throw new UsageException($"--metrics-port {port}: cannot listen ({ex.GetBaseException().Message})");
        }

        return metrics;
    }

    /// <inheritdoc />
    // Bucket bounds from start up by 2^(1/4) each, over the given number of doublings.
    private static double[] QuarterDoublings(double start, int doublings) => Histogram.ExponentialBuckets(start, Math.Pow(2, 0.25), (4 * doublings) + 1);

    public ISeriesObserver SeriesStarted(string transport, string loadPoint) => new Series(this, transport, loadPoint);

    public void Dispose() => _server.Dispose();

    /// <summary>One series' children, resolved once so a recorded request costs no label lookup.</summary>
    private sealed class Series : ISeriesObserver
    {
        private readonly Counter.Child _started, _tokens;
        private readonly Counter.Child[] _ended;
        private readonly Gauge.Child _active;
        private readonly Histogram.Child _ttft, _itl, _startLag, _readLag;

        public Series(PrometheusMetrics m, string transport, string loadPoint)
        {
            _started = m._started.WithLabels(transport, loadPoint);
            _tokens = m._tokens.WithLabels(transport, loadPoint);
            _ended = Enum.GetValues<RequestOutcome>().Select(o => m._ended.WithLabels(transport, loadPoint, o.ToName())).ToArray();
            _active = m._active.WithLabels(transport, loadPoint);
            _ttft = m._ttft.WithLabels(transport, loadPoint);
            _itl = m._itl.WithLabels(transport, loadPoint);
            _startLag = m._lag.WithLabels(transport, loadPoint, "start");
            _readLag = m._lag.WithLabels(transport, loadPoint, "read");
            _active.Set(0);
        }

        public void RequestStarted()
        {
            _started.Inc();
            _active.Inc();
        }

        public void RequestEnded(RequestOutcome outcome, long tokens)
        {
            _active.Dec();
            _ended[(int)outcome].Inc();
            _tokens.Inc(tokens);
        }

        public void TimeToFirstToken(TimeSpan ttft) => _ttft.Observe(ttft.TotalSeconds);

        public void InterTokenGap(TimeSpan gap) => _itl.Observe(gap.TotalSeconds);

        public void StartLag(TimeSpan lag) => _startLag.Observe(lag.TotalSeconds);

        public void ReadLag(TimeSpan lag) => _readLag.Observe(lag.TotalSeconds);
    }
}
