namespace Harness.Clients.SelfCheck;

/// <summary>
/// How far the harness's measurements were from the truth for one transport and concurrency,
/// split by stage. Every array is in milliseconds and sorted. For the first token:
/// <c>total = request + fake late + delivery</c>, where request is client start → the fake's
/// handler start (connection and request write), fake late is due → the fake's write, and delivery
/// is the fake's write → the client observing the token (wire, kernel and client: the harness's own
/// error when the server is remote).
/// </summary>
/// <param name="Transport">The transport measured.</param>
/// <param name="Concurrency">Streams in flight at once.</param>
/// <param name="Streams">Streams run (warm-up excluded).</param>
/// <param name="OkStreams">Streams that ended ok with every token and the fake's record of them (only these are measured).</param>
/// <param name="TtftErrorsMs">Measured − scheduled TTFT per stream.</param>
/// <param name="TtftRequestMs">Client start → fake handler start, per stream.</param>
/// <param name="TtftFakeLateMs">First token due → fake's write returned, per stream.</param>
/// <param name="TtftDeliveryMs">Fake's write of the first token → client observed it, per stream.</param>
/// <param name="TokenFakeLateMs">Due → fake's write, every token.</param>
/// <param name="TokenDeliveryMs">Fake's write → client observed, every token.</param>
/// <param name="GapErrorsMs">Measured − scheduled inter-token gap, every gap.</param>
public sealed record SelfCheckResult(
    Transport Transport,
    int Concurrency,
    int Streams,
    int OkStreams,
    double[] TtftErrorsMs,
    double[] TtftRequestMs,
    double[] TtftFakeLateMs,
    double[] TtftDeliveryMs,
    double[] TokenFakeLateMs,
    double[] TokenDeliveryMs,
    double[] GapErrorsMs)
{
    /// <summary>Target: the delivery stage's median, ms.</summary>
    public const double DeliveryP50TargetMs = 0.3;

    /// <summary>Target: the delivery stage's 99th percentile, ms.</summary>
    public const double DeliveryP99TargetMs = 1;

    /// <summary>Target: |median TTFT error|, ms.</summary>
    public const double TtftP50TargetMs = 1;

    /// <summary>Target: |99th percentile TTFT error|, ms.</summary>
    public const double TtftP99TargetMs = 3;

    /// <summary>
    /// Milliseconds this process spent compiling while the row's streams ran (tier-up on a background
    /// thread that shares the client's CPU), or null when not read.
    /// </summary>
    public double? ClientJitMs { get; init; }

    /// <summary>Milliseconds the fake spent compiling meanwhile (<see cref="FakeJit"/>), or null when not read.</summary>
    public double? FakeJitMs { get; init; }

    /// <summary>Median TTFT error.</summary>
    public double TtftErrorP50 => Quantile(TtftErrorsMs, 0.50);

    /// <summary>99th percentile TTFT error.</summary>
    public double TtftErrorP99 => Quantile(TtftErrorsMs, 0.99);

    /// <summary>Median gap error.</summary>
    public double GapErrorP50 => Quantile(GapErrorsMs, 0.50);

    /// <summary>99th percentile gap error.</summary>
    public double GapErrorP99 => Quantile(GapErrorsMs, 0.99);

    /// <summary>1st percentile gap error (gaps measured too short show here).</summary>
    public double GapErrorP01 => Quantile(GapErrorsMs, 0.01);

    /// <summary>True when the delivery stage (every token) and the TTFT error meet their targets and every stream was measured.</summary>
    public bool Met =>
        OkStreams == Streams && OkStreams > 0
        && Quantile(TokenDeliveryMs, 0.50) <= DeliveryP50TargetMs && Quantile(TokenDeliveryMs, 0.99) <= DeliveryP99TargetMs
        && Math.Abs(TtftErrorP50) <= TtftP50TargetMs && Math.Abs(TtftErrorP99) <= TtftP99TargetMs;

    /// <summary>The <paramref name="q"/> quantile of a sorted array (nearest rank; 0 when empty).</summary>
    public static double Quantile(double[] sorted, double q) => RequestTimelineJson.Percentile(sorted, q);
}
