using Harness.Load.Results;

namespace Harness.Reports.Decision;

/// <summary>
/// Where in a run the harness itself may have made a tail: the embedded fake falling behind its
/// schedule (<see cref="FakeStall"/>), the machine standing still against another endpoint
/// (<see cref="MachineStandstill"/>), and its own pauses holding up first tokens and ends or
/// widening the gaps between tokens (<see cref="PausedTail"/>). An answer such a tail reaches says nothing about the transports.
/// </summary>
internal sealed class HarnessTails
{
    private HarnessTails(List<FakeStall> stalls, List<MachineStandstill> standstills, List<PausedTail> pausedTails)
    {
        Stalls = stalls;
        Standstills = standstills;
        PausedTails = pausedTails;
    }

    /// <summary>Series whose embedded fake stalled past the threshold.</summary>
    public List<FakeStall> Stalls { get; }

    /// <summary>Series against another endpoint in which the machine stood still past the threshold.</summary>
    public List<MachineStandstill> Standstills { get; }

    /// <summary>Series whose TTFT, e2e or ITL p99 drops (or could drop) by more than the threshold without the requests or gaps a pause may have delayed.</summary>
    public List<PausedTail> PausedTails { get; }

    /// <summary>The harness's tails in <paramref name="results"/> (with its <paramref name="histograms"/>), judged at its saturation threshold.</summary>
    public static HarnessTails Of(RunResults results, HistogramSet histograms)
    {
        double threshold = results.Saturation.ThresholdMs;
        return new HarnessTails(
            [.. results.Series.Select(s => FakeStallOf(s, threshold)).OfType<FakeStall>()],
            [.. results.Series.Select(s => StallReach.MachineStallMs(s, threshold) is double machine ? new MachineStandstill { Transport = s.Transport, LoadPoint = s.LoadPoint, MaxMs = machine } : null).OfType<MachineStandstill>()],
            [.. PausedTailsOf(results, histograms, threshold)]);
    }

    /// <summary>
    /// Why the answer on <paramref name="metric"/> at <paramref name="percentile"/> of one load point's
    /// <paramref name="series"/> may be the harness's, for the transports <paramref name="compared"/>
    /// there: a stall counts from the percentile one wave is of that series' own samples
    /// (<see cref="StallReach"/>), a paused tail at its metric's p99. Empty when none reaches it.
    /// </summary>
    public List<(UndecidedReason Reason, string Text)> Reaching(IReadOnlyList<SeriesResult> series, string metric, double percentile, Func<string, bool> compared)
    {
        string loadPoint = series[0].LoadPoint;
        bool Reached(string stalledLoadPoint, string transport) => stalledLoadPoint == loadPoint && compared(transport)
            && percentile >= StallReach.LowestPercentile(series.First(s => s.Transport == transport), metric);
        var reasons = new List<(UndecidedReason Reason, string Text)>();
        var stalled = Stalls.Where(st => Reached(st.LoadPoint, st.Transport)).ToList();
        if (stalled.Count > 0)
        {
            reasons.Add((UndecidedReason.FakeStall, $"the embedded fake fell behind its schedule in {TransportPalette.LabelsOf(stalled.Select(st => st.Transport))}"));
        }

        var stood = Standstills.Where(st => Reached(st.LoadPoint, st.Transport)).ToList();
        if (stood.Count > 0)
        {
            reasons.Add((UndecidedReason.MachineStandstill, $"the machine stood still in {TransportPalette.LabelsOf(stood.Select(st => st.Transport))}"));
        }

        var paused = PausedTails.Where(p => p.LoadPoint == loadPoint && p.Metric == metric && compared(p.Transport)).ToList();
        if (percentile == 99 && paused.Count > 0)
        {
            reasons.Add((UndecidedReason.HarnessPauses, $"the harness's own pauses {(HarnessPauses.JudgesRequests(metric) ? "made" : "may have made")} {TransportPalette.LabelsOf(paused.Select(p => p.Transport))}'s {TransportDecider.MetricLabel(metric)} p99"));
        }

        return reasons;
    }

    private static FakeStall? FakeStallOf(SeriesResult series, double thresholdMs)
    {
        if (series.FakeLateness is not { } late || !late.IsStall(thresholdMs))
        {
            return null;
        }

        var stalledRounds = (series.Rounds ?? []).Where(r => r.FakeLateness?.IsStall(thresholdMs) == true).ToList();
        return new FakeStall
        {
            Transport = series.Transport,
            LoadPoint = series.LoadPoint,
            P999Ms = late.P999Ms,
            MaxMs = late.MaxMs,
            Rounds = [.. stalledRounds.Select(r => r.Round)],
            RoundCount = series.Rounds?.Count ?? 0,
            SchedulerMaxMs = stalledRounds.Count > 0
                ? ServerLateness.Merge([.. stalledRounds.Select(r => r.FakeLateness)])?.SchedulerMaxMs
                : late.SchedulerMaxMs,
        };
    }

    // Each metric by the samples a pause may have lengthened (PauseReach): a p99 well above its figure
    // without them is the pauses' tail.
    private static IEnumerable<PausedTail> PausedTailsOf(RunResults results, HistogramSet histograms, double thresholdMs)
    {
        foreach (var series in results.Series)
        {
            foreach (string metric in (string[])[MetricNames.Ttft, MetricNames.EndToEnd, MetricNames.Itl])
            {
                var histogram = histograms.Find(HistogramSet.TagOf(series.Transport, series.LoadPoint, metric));
                if (PauseReach.Of(series, metric, histogram) is { } reach
                    && reach.At(99) is { } clearP99
                    && series.Metrics.GetValueOrDefault(metric) is { } summary
                    && summary.P99 - clearP99 > thresholdMs)
                {
                    yield return new PausedTail
                    {
                        Transport = series.Transport,
                        LoadPoint = series.LoadPoint,
                        Metric = metric,
                        P99Ms = summary.P99,
                        UndelayedP99Ms = clearP99,
                        Delayed = reach.Affected,
                        Measured = reach.Samples,
                        MaxPauseMs = reach.MaxPauseMs,
                    };
                }
            }
        }
    }
}
