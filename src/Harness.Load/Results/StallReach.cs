namespace Harness.Load.Results;

/// <summary>
/// How far into a series' samples one stall can reach, of the embedded fake
/// (<see cref="ServerLateness.IsStall"/>) or of the machine (the harness's own real-time probe later
/// than the threshold, <see cref="HarnessPauses.MachineMaxMs"/>): the lowest percentile of a metric
/// that may hold the harness's delay rather than the endpoint's. A stall delays one wave, every request in flight when it struck, so it holds about
/// (requests in flight) / (samples) of a metric; the percentiles from 100 × (1 − that share) up may
/// be the stall's. The samples are not independent there, which a bootstrap interval assumes: at 10
/// streams and 60 requests one stall is a sixth of the samples, and the interval of p95 comes out
/// narrow and sure of a delay the harness made.
/// </summary>
public static class StallReach
{
    /// <summary>
    /// The highest the lowest percentile reached is ever taken to be: a stall always may reach p99 and
    /// above, so a long run is judged as before the share was counted; the median it reaches only
    /// when half the samples were in flight at once.
    /// </summary>
    public const double Ceiling = 99;

    /// <summary>
    /// The lowest percentile of <paramref name="metric"/> a stall of the fake may reach in
    /// <paramref name="series"/>: min(<see cref="Ceiling"/>, 100 × (1 − in flight / samples)), 0 when
    /// a wave is every sample; <see cref="Ceiling"/> when the series holds no load or no requests to
    /// count from.
    /// </summary>
    public static double LowestPercentile(SeriesResult series, string metric)
    {
        ArgumentNullException.ThrowIfNull(series);
        long samples = SamplesOf(series, metric);
        if (InFlight(series) is not double inFlight || samples <= 0)
        {
            return Ceiling;
        }

        return Math.Clamp(100 * (1 - (inFlight / samples)), 0, Ceiling);
    }

    /// <summary>
    /// What stalled in <paramref name="series"/> (at <paramref name="thresholdMs"/>), when
    /// <paramref name="percentile"/> of <paramref name="metric"/> is one a stall reaches; null
    /// otherwise. Said as <paramref name="whose"/> + "embedded fake fell behind its schedule" +
    /// <paramref name="where"/> + its figures, or <paramref name="whose"/> + "machine stood still" +
    /// <paramref name="where"/> + the probe's ("the embedded fake fell behind its schedule in this
    /// series (p99.9 41.2 ms late, max 58.4 ms)").
    /// </summary>
    public static string? Reaching(SeriesResult series, string metric, double percentile, double thresholdMs, string whose = "the ", string where = "")
    {
        ArgumentNullException.ThrowIfNull(series);
        if (percentile < LowestPercentile(series, metric))
        {
            return null;
        }

        if (series.FakeLateness is { } late && late.IsStall(thresholdMs))
        {
            return FormattableString.Invariant($"{whose}embedded fake fell behind its schedule{where} (p99.9 {late.P999Ms:0.#} ms late, max {late.MaxMs:0.#} ms)");
        }

        return MachineStallMs(series, thresholdMs) is double machine
            ? FormattableString.Invariant($"{whose}machine stood still{where} (the harness's own real-time thread up to {machine:0.#} ms late)")
            : null;
    }

    /// <summary>
    /// The machine's longest pause in <paramref name="series"/> when it passed <paramref name="thresholdMs"/>
    /// with no embedded fake's lateness to go by (against the fake its own rule is the one that counts); null otherwise.
    /// </summary>
    public static double? MachineStallMs(SeriesResult series, double thresholdMs)
    {
        ArgumentNullException.ThrowIfNull(series);
        return series.FakeLateness is null ? MachineStall.ProbeLateMs(series.HarnessPauses, thresholdMs) : null;
    }

    /// <summary>
    /// Where <see cref="LowestPercentile"/> is under <see cref="Ceiling"/>, why, to follow a stall's
    /// description in a verdict (", and one wave in flight (10 requests) is 16.7% of its 60 samples,
    /// so it may reach p83.3 and above"); empty at the ceiling, where a stall's reach needs no saying.
    /// </summary>
    public static string Explain(SeriesResult series, string metric)
    {
        double lowest = LowestPercentile(series, metric);
        if (lowest >= Ceiling || InFlight(series) is not double inFlight)
        {
            return string.Empty;
        }

        long samples = SamplesOf(series, metric);
        return FormattableString.Invariant($", and one wave in flight ({inFlight:0.#} requests) is {Math.Min(100, 100 * inFlight / samples):0.#}% of its {samples} samples, so it may reach p{lowest:0.#} and above");
    }

    /// <summary>
    /// Requests in flight when a stall strikes, at most: a closed model's concurrency (no stream starts
    /// another while its request is held); an open model's rate times the mean end-to-end time plus the
    /// stall's length (Little's law, with the arrivals the stall holds as well, since arrivals do not
    /// wait for it). Null when the series says neither, or, open, has no end-to-end time to go by.
    /// After an agents' merge the load is all agents', though each had its own fake and a stall held
    /// one agent's share only: the reach is then overstated, which only excuses more.
    /// </summary>
    public static double? InFlight(SeriesResult series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Concurrency is int concurrency and > 0)
        {
            return concurrency;
        }

        if (series.RatePerSecond is not double rate || rate <= 0 || series.Metrics.GetValueOrDefault(MetricNames.EndToEnd) is not { Count: > 0 } e2e)
        {
            return null;
        }

        double e2eMs = e2e.Mean > 0 ? e2e.Mean : e2e.P50;
        return e2eMs > 0 ? rate * (e2eMs + (series.FakeLateness?.MaxMs ?? series.HarnessPauses?.MachineMaxMs ?? 0)) / 1000 : null;
    }

    // One sample per request in flight: of a per-request metric (TTFT, e2e) that request's own, of the
    // gaps between tokens (ITL) the one gap of each stream the stall widened, the tokens due in it
    // leaving after it at once. So the share is over the larger of requests and the metric's samples:
    // three thousand gaps dilute one wave that sixty first tokens do not.
    private static long SamplesOf(SeriesResult series, string metric) =>
        Math.Max(series.Requests, series.Metrics.GetValueOrDefault(metric)?.Count ?? 0);
}
