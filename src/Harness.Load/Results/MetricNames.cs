namespace Harness.Load.Results;

/// <summary>
/// The metrics recorded per series. Latencies are histograms of microseconds and summaries in
/// milliseconds; <see cref="TokensPerSecond"/> is per stream, recorded in milli-tokens per second.
/// A metric measured from the actual send rather than the intended start (open model) carries
/// <see cref="UncorrectedSuffix"/>.
/// </summary>
public static class MetricNames
{
    /// <summary>New-connection cost: DNS + TCP connect (+ TLS), for requests that opened a connection.</summary>
    public const string Connect = "connect";

    /// <summary>TLS handshake, for new https/wss connections.</summary>
    public const string Tls = "tls";

    /// <summary>Start to response headers (HTTP) or upgrade completed (WebSocket).</summary>
    public const string Ttfb = "ttfb";

    /// <summary>Start to the first event of any kind (time to first chunk).</summary>
    public const string Ttfc = "ttfc";

    /// <summary>Start to the first non-empty content (time to first token).</summary>
    public const string Ttft = "ttft";

    /// <summary>Each gap between consecutive content arrivals (inter-token latency).</summary>
    public const string Itl = "itl";

    /// <summary>Per-request average time per output token after the first.</summary>
    public const string Tpot = "tpot";

    /// <summary>
    /// Per request, the mean time from its start to each content arrival: when the average token
    /// came (overhead runs only). What a relay adds to it is what it adds to a token, which holding
    /// tokens back and releasing them together raises while ITL falls.
    /// </summary>
    public const string Arrival = "arrival";

    /// <summary>Start to the end of the stream.</summary>
    public const string EndToEnd = "e2e";

    /// <summary>Per-stream output rate: tokens / (end − first token).</summary>
    public const string TokensPerSecond = "tokens_per_s";

    /// <summary>Actual start minus intended start: the engine's own scheduling lag.</summary>
    public const string StartDelay = "start_delay";

    /// <summary>
    /// A loopback probe's send to its receive continuation: how late the engine handles a socket
    /// read, sampled every 5 ms in the measured window (the other half of the engine's own lag).
    /// </summary>
    public const string ReadDelay = "read_delay";

    /// <summary>Suffix of a metric measured from the actual send (coordinated omission not corrected).</summary>
    public const string UncorrectedSuffix = "_uncorrected";

    /// <summary>Every latency metric, in report order.</summary>
    public static IReadOnlyList<string> Latencies { get; } = [Connect, Tls, Ttfb, Ttfc, Ttft, Itl, Tpot, EndToEnd, StartDelay, ReadDelay];

    /// <summary>The unit a metric's summary is expressed in.</summary>
    public static string UnitOf(string metric) =>
        metric.StartsWith(TokensPerSecond, StringComparison.Ordinal) ? "tokens/s" : "ms";

    /// <summary>What one histogram count is worth in the summary's unit (µs → ms; milli-tokens → tokens).</summary>
    public static double ScaleOf(string metric) => 0.001;
}
