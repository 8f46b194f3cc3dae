namespace Harness.Clients.SelfCheck;

/// <summary>
/// How far the harness's measurements were from the truth for one transport and concurrency:
/// measured minus scheduled TTFT per stream, and measured minus scheduled gap per inter-token gap.
/// </summary>
/// <param name="Transport">The transport measured.</param>
/// <param name="Concurrency">Streams in flight at once.</param>
/// <param name="Streams">Streams run (warm-up excluded).</param>
/// <param name="OkStreams">Streams that ended ok with every token (only these are measured).</param>
/// <param name="TtftErrorsMs">Measured − true TTFT per stream, milliseconds, sorted.</param>
/// <param name="GapErrorsMs">Measured − true inter-token gap per gap, milliseconds, sorted.</param>
public sealed record SelfCheckResult(Transport Transport, int Concurrency, int Streams, int OkStreams, double[] TtftErrorsMs, double[] GapErrorsMs)
{
    /// <summary>Median TTFT error.</summary>
    public double TtftErrorP50 => RequestTimelineJson.Percentile(TtftErrorsMs, 0.50);

    /// <summary>99th percentile TTFT error.</summary>
    public double TtftErrorP99 => RequestTimelineJson.Percentile(TtftErrorsMs, 0.99);

    /// <summary>Median gap error.</summary>
    public double GapErrorP50 => RequestTimelineJson.Percentile(GapErrorsMs, 0.50);

    /// <summary>99th percentile gap error.</summary>
    public double GapErrorP99 => RequestTimelineJson.Percentile(GapErrorsMs, 0.99);

    /// <summary>1st percentile gap error (gaps measured too short show here).</summary>
    public double GapErrorP01 => RequestTimelineJson.Percentile(GapErrorsMs, 0.01);
}
