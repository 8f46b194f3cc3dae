using System.Globalization;
using System.Text.Json.Serialization;

namespace Harness.Load.Results;

/// <summary>
/// Whether the load generator itself was the bottleneck: its scheduling lag at p99 against a
/// threshold, the worse of two probes: starting requests on time (actual minus intended start, or a
/// thread-pool probe in the closed model) and handling socket reads on time (a loopback probe). A
/// saturated run's figures describe the harness, not the server.
/// </summary>
public sealed record SaturationStatus
{
    /// <summary>p99 of the scheduling lag (the worse of start delay and read delay), in milliseconds: the worst series' over all its rounds.</summary>
    public double LagP99Ms { get; init; }

    /// <summary>The threshold unless a run sets its own, in milliseconds.</summary>
    public const double DefaultThresholdMs = 5;

    /// <summary>The threshold, in milliseconds (default <see cref="DefaultThresholdMs"/>).</summary>
    public double ThresholdMs { get; init; } = DefaultThresholdMs;

    /// <summary>Whether the lag passed <see cref="ThresholdMs"/> anywhere: in a series, or in one round of it.</summary>
    public bool Saturated { get; init; }

    /// <summary>
    /// Where the lag was worst, a round measured on its own counting as a part (null when nothing was
    /// measured, and in results from before it).
    /// </summary>
    public SaturationPeak? Peak { get; init; }

    /// <summary>The worst lag p99 of any part (<see cref="Peak"/>'s; <see cref="LagP99Ms"/> in results from before it), in milliseconds.</summary>
    [JsonIgnore]
    public double PeakLagP99Ms => Peak?.LagP99Ms ?? LagP99Ms;

    /// <summary>
    /// The status of <paramref name="series"/>: saturated when any series, or any round of one measured
    /// in rounds, passed <paramref name="thresholdMs"/>. <paramref name="parts"/>: the statuses of runs
    /// merged into these series (agents), whose own peaks count too, since merged series keep no rounds.
    /// </summary>
    public static SaturationStatus Of(IEnumerable<SeriesResult> series, double thresholdMs, IEnumerable<SaturationStatus>? parts = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        double together = 0;
        SaturationPeak? peak = null;
        foreach (var s in series)
        {
            double seriesLag = s.Resolution.LagP99Ms;
            together = Math.Max(together, seriesLag);
            // A round is a part on its own only with enough probes for a p99 that is not its maximum.
            var candidates = s.Rounds is { Count: > 1 } rounds && rounds.All(r => LagSamplesOf(r.Metrics) >= MinimumRoundSamples)
                ? rounds.Select(r => new SaturationPeak { LagP99Ms = LagP99Of(r.Metrics), Transport = s.Transport, LoadPoint = s.LoadPoint, Round = r.Round, Rounds = rounds.Count, SeriesLagP99Ms = seriesLag })
                : [new SaturationPeak { LagP99Ms = seriesLag, Transport = s.Transport, LoadPoint = s.LoadPoint, SeriesLagP99Ms = seriesLag }];
            if (s.AgentsLag is { } agents)
            {
                // A merged series keeps no rounds: an agent's saturated round still saturates it.
                candidates = [.. candidates, new SaturationPeak { LagP99Ms = agents.PeakLagP99Ms, Transport = s.Transport, LoadPoint = s.LoadPoint, SeriesLagP99Ms = seriesLag }];
            }

            foreach (var candidate in candidates)
            {
                peak = peak is null || candidate.LagP99Ms > peak.LagP99Ms ? candidate : peak;
            }
        }

        bool partSaturated = false;
        foreach (var part in parts ?? [])
        {
            partSaturated |= part.Saturated;
            peak = part.Peak is { } p && (peak is null || p.LagP99Ms > peak.LagP99Ms) ? p : peak;
        }

        return new SaturationStatus
        {
            LagP99Ms = together,
            ThresholdMs = thresholdMs,
            Saturated = partSaturated || peak?.LagP99Ms > thresholdMs,
            Peak = peak,
        };
    }

    /// <summary>
    /// One series' own status under its run's threshold; the <paramref name="run"/>'s for a series without
    /// probe samples of its own (results written before the probes were per series).
    /// </summary>
    public static SaturationStatus Of(SeriesResult series, SaturationStatus run)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(run);
        return series.Resolution.LagSamples > 0 ? Of([series], run.ThresholdMs) : run;
    }

    /// <summary>
    /// The status in words, naming where the lag was worst: "scheduling lag p99 7.3 ms &gt; 5 ms in sse
    /// c100, round 2 of 3; 1.25 ms over its 3 rounds taken together".
    /// </summary>
    public string Describe()
    {
        string threshold = Ms(ThresholdMs);
        if (Peak is not { } peak || (Saturated && peak.LagP99Ms <= ThresholdMs))
        {
            // Older results (or an agent's) say it passed the threshold without saying where.
            return Saturated && LagP99Ms <= ThresholdMs
                ? $"scheduling lag p99 over {threshold} ms in part of the run (these results do not say where); {Ms(LagP99Ms)} ms taken together"
                : $"scheduling lag p99 {Ms(LagP99Ms)} ms {(Saturated ? ">" : "≤")} {threshold} ms";
        }

        string where = $"{peak.Transport} {peak.LoadPoint}" + (peak.Round is int round ? $", round {round} of {peak.Rounds}" : string.Empty);
        string together = peak.Round is null ? string.Empty : $"; {Ms(peak.SeriesLagP99Ms)} ms over its {peak.Rounds} rounds taken together";
        return Saturated
            ? $"scheduling lag p99 {Ms(peak.LagP99Ms)} ms > {threshold} ms in {where}{together}"
            : $"scheduling lag p99 at most {Ms(peak.LagP99Ms)} ms ({where}), within {threshold} ms";
    }

    /// <summary>
    /// The fewest lag probes a round needs to be judged on its own: with fewer, its p99 is its
    /// maximum, and one pause (a 1/3 s round holds about 60) would flag the whole run; such rounds
    /// count through their series, taken together.
    /// </summary>
    public const long MinimumRoundSamples = 100;

    /// <summary>The probes behind a lag p99: the fewer of the start-delay and read-delay samples taken (0 when none).</summary>
    public static long LagSamplesOf(IReadOnlyDictionary<string, MetricSummary> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var counts = new[] { metrics.GetValueOrDefault(MetricNames.StartDelay)?.Count, metrics.GetValueOrDefault(MetricNames.ReadDelay)?.Count }.OfType<long>().ToList();
        return counts.Count == 0 ? 0 : counts.Min();
    }

    /// <summary>A series' scheduling lag p99: the worse of its start-delay and read-delay p99 (0 when neither was sampled).</summary>
    public static double LagP99Of(IReadOnlyDictionary<string, MetricSummary> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return Math.Max(
            metrics.GetValueOrDefault(MetricNames.StartDelay)?.P99 ?? 0,
            metrics.GetValueOrDefault(MetricNames.ReadDelay)?.P99 ?? 0);
    }

    private static string Ms(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
