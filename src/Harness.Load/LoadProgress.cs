using System.Globalization;

namespace Harness.Load;

/// <summary>A snapshot of a running load series, for live progress (about once a second).</summary>
public sealed record LoadProgress
{
    /// <summary>Transport short name.</summary>
    public required string Transport { get; init; }

    /// <summary>Load point label.</summary>
    public required string LoadPoint { get; init; }

    /// <summary>Time since the series started (warm-up included).</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Whether the warm-up is still running: the line shows the warm-up's figures, not the measured ones.</summary>
    public bool WarmingUp { get; init; }

    /// <summary>How long the warm-up lasts (zero without one).</summary>
    public TimeSpan WarmUp { get; init; }

    /// <summary>Warm-up requests sent so far (never in any measured figure).</summary>
    public long WarmUpSent { get; init; }

    /// <summary>Warm-up requests ended so far, however they ended.</summary>
    public long WarmUpFinished { get; init; }

    /// <summary>Warm-up requests the endpoint failed (not <c>ok</c>; ones the harness cut off are not counted).</summary>
    public long WarmUpErrors { get; init; }

    /// <summary>Measured requests started so far.</summary>
    public long Started { get; init; }

    /// <summary>Measured requests finished so far.</summary>
    public long Finished { get; init; }

    /// <summary>Requests in flight now (warm-up ones included).</summary>
    public long Active { get; init; }

    /// <summary>Measured requests that did not end <c>ok</c>.</summary>
    public long Errors { get; init; }

    /// <summary>Measured requests finished in the last second.</summary>
    public double RequestsPerSecond { get; init; }

    /// <summary>TTFT p50 of the measured requests finished so far, ms (null before the first).</summary>
    public double? TtftP50Ms { get; init; }

    /// <summary>TTFT p99 of the measured requests finished so far, ms (null before the first).</summary>
    public double? TtftP99Ms { get; init; }

    /// <summary>Which round of an interleaved comparison, as "2/3"; null for a series run in one block.</summary>
    public string? Round { get; init; }

    /// <summary>After the measured window, while requests still run: how much longer the drain waits for them (null before).</summary>
    public TimeSpan? DrainLeft { get; init; }

    /// <summary>One plain line for logs and non-terminal stderr.</summary>
    public override string ToString()
    {
        string round = Round is null ? string.Empty : " round " + Round;
        if (DrainLeft is { } left)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Transport} {LoadPoint}{round} {Elapsed.TotalSeconds,5:0.0}s draining: {Active} still running, waiting up to {Math.Ceiling(left.TotalSeconds):0} s more");
        }

        // The warm-up's own figures: the measured ones all read 0 then, even while every warm-up request fails.
        if (WarmingUp)
        {
            string of = WarmUp > TimeSpan.Zero ? string.Create(CultureInfo.InvariantCulture, $" of {WarmUp.TotalSeconds:0.#}s") : string.Empty;
            return string.Create(CultureInfo.InvariantCulture, $"{Transport} {LoadPoint}{round} {Elapsed.TotalSeconds,5:0.0}s warm-up{of}: active={Active} sent={WarmUpSent} done={WarmUpFinished} errors={WarmUpErrors}");
        }

        // No TTFT yet reads as such: a 0.0 ms figure would pass for a measurement.
        string ttft = TtftP50Ms is double p50 && TtftP99Ms is double p99
            ? string.Create(CultureInfo.InvariantCulture, $"ttft p50={p50:0.0}ms p99={p99:0.0}ms")
            : "ttft p50=– p99=–";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Transport} {LoadPoint}{round} {Elapsed.TotalSeconds,5:0.0}s req/s={RequestsPerSecond:0.#} active={Active} done={Finished} errors={Errors} {ttft}");
    }
}
