using System.Globalization;
using Harness.Load.Results;
using Harness.Reports.Claims;
using Harness.Reports.Diff;

namespace Harness.Reports.Decision;

/// <summary>
/// Decides "which transport is faster" per load point from a run's histograms: the transport with
/// the lowest percentile, and every other transport's difference from it with a bootstrap 95%
/// interval (<see cref="PercentileDifference"/>). A difference counts only when both series have
/// enough samples for the percentile and the whole interval is above both series' resolution (the
/// harness's lag p99, the embedded fake's lateness p99 and the histograms' value step: a smaller
/// difference may be the harness's), and,
/// for series measured in interleaved rounds, when it held in every round (<see cref="RoundDifferences"/>);
/// otherwise the answer says which of those it lacked.
/// </summary>
public static class TransportDecider
{
    /// <summary>How the decision is computed, shown beside it.</summary>
    public const string Method =
        "Per load point: the transport with the lowest percentile, and each other transport's difference from it with a "
        + "95% bootstrap interval resampled from both series' HdrHistograms (seeded). A transport is called faster only when "
        + "the whole interval is above both series' resolution (their ± resolution in the latency table: the harness's scheduling lag p99 plus, "
        + "against the embedded fake, how late the fake wrote at p99), plus the histograms' value step at that percentile, "
        + "and both series have enough samples (at least 10 and 3 above the percentile).";

    /// <summary>Added to <see cref="Method"/> for a run measured in interleaved rounds.</summary>
    public const string RoundsRule =
        " Each load point was measured in interleaved rounds (A B C, C B A, ...): a difference also has to hold in every "
        + "round, each round's difference above 0 and the 95% Student-t interval of their mean above 0, so that what "
        + "drifted while the run went does not decide it.";

    /// <summary>Added to <see cref="Method"/> for a run without rounds to compare (one block per series, or an agents' merge).</summary>
    public const string OneRoundCaveat =
        " The series were measured one after another without rounds to compare one by one (one block each, or merged "
        + "from agents): the interval covers sampling noise, not what drifted between the series, so a difference of a few "
        + "ms may not repeat (compare --rounds 3 or more checks it).";

    /// <summary>The percentiles that decide it, in report order: TTFT p50 and p99, ITL p99, e2e p99.</summary>
    public static IReadOnlyList<(string Metric, double Percentile)> Questions { get; } =
        [(MetricNames.Ttft, 50), (MetricNames.Ttft, 99), (MetricNames.Itl, 99), (MetricNames.EndToEnd, 99)];

    /// <summary>The decision for a run; load points with fewer than two transports are left out.</summary>
    public static TransportDecision Decide(ReportData data, int resamples = ClaimVerifier.DefaultResamples, int seed = ClaimVerifier.DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(data);
        double threshold = data.Results.Saturation.ThresholdMs;
        var pausedTails = data.Results.Series.Select(s => PausedTailOf(s, threshold)).OfType<PausedTail>().ToList();
        var stalls = data.Results.Series
            .Where(s => s.FakeLateness?.IsStall(threshold) == true)
            .Select(s =>
            {
                var stalledRounds = (s.Rounds ?? []).Where(r => r.FakeLateness?.IsStall(threshold) == true).ToList();
                return new FakeStall
                {
                    Transport = s.Transport,
                    LoadPoint = s.LoadPoint,
                    P999Ms = s.FakeLateness!.P999Ms,
                    MaxMs = s.FakeLateness.MaxMs,
                    Rounds = [.. stalledRounds.Select(r => r.Round)],
                    RoundCount = s.Rounds?.Count ?? 0,
                    SchedulerMaxMs = stalledRounds.Count > 0
                        ? ServerLateness.Merge([.. stalledRounds.Select(r => r.FakeLateness)])?.SchedulerMaxMs
                        : s.FakeLateness.SchedulerMaxMs,
                };
            })
            .ToList();
        var loadPoints = new List<LoadPointDecision>();
        foreach (string loadPoint in data.LoadPoints)
        {
            var series = data.Results.Series.Where(s => s.LoadPoint == loadPoint)
                .OrderBy(s => TransportPalette.OrderOf(s.Transport)).ThenBy(s => s.Transport, StringComparer.Ordinal).ToList();
            if (series.Count < 2)
            {
                continue;
            }

            // A saturated series describes the client: its load point is left undecided, the others decide as usual.
            var saturation = series.Select(s => SaturationStatus.Of(s, data.Results.Saturation))
                .Where(st => st.Saturated).MaxBy(st => st.PeakLagP99Ms);
            var metrics = new List<MetricDecision>();
            foreach (var (metric, percentile) in Questions)
            {
                var measured = series
                    .Select(s => (Series: s, Histogram: data.Histograms.Find(HistogramSet.TagOf(s.Transport, loadPoint, metric))))
                    .Where(h => h.Histogram is { TotalCount: > 0 })
                    .Select(h => new Measured(h.Series.Transport, h.Histogram!, new HistogramBootstrap(h.Histogram!), h.Series.Rounds, h.Series.ResolutionOr(data.Results.Saturation.LagP99Ms).BoundMs))
                    .ToList();
                if (measured.Count >= 2)
                {
                    var decided = DecideMetric(metric, percentile, measured, resamples, seed);
                    bool Compared(string transport) => measured.Exists(m => m.Transport == transport);
                    var reasons = new List<string>();
                    if (saturation is not null)
                    {
                        // Where and how much is said once above the table (DecisionSection), not in every cell.
                        reasons.Add("the harness was saturated here");
                    }

                    var stalled = stalls.Where(st => st.LoadPoint == loadPoint && Compared(st.Transport)).ToList();
                    if (percentile >= ServerLateness.StallReachesPercentile && stalled.Count > 0)
                    {
                        reasons.Add($"the embedded fake fell behind its schedule in {Labels(stalled.Select(st => st.Transport))}");
                    }

                    var paused = pausedTails.Where(p => p.LoadPoint == loadPoint && Compared(p.Transport)).ToList();
                    if (metric == MetricNames.Ttft && percentile == 99 && paused.Count > 0)
                    {
                        reasons.Add($"the harness's own pauses made {Labels(paused.Select(p => p.Transport))}'s TTFT p99");
                    }

                    metrics.Add(reasons.Count > 0 ? Undecided(decided, reasons) : decided);
                }
            }

            loadPoints.Add(new LoadPointDecision { LoadPoint = loadPoint, Load = Format.Load(series[0]), Metrics = metrics, Saturation = saturation });
        }

        bool interleaved = data.Results.Series.Any(s => s.Rounds is { Count: > 1 });
        return new TransportDecision
        {
            Method = Method + (interleaved ? RoundsRule : OneRoundCaveat),
            ResolutionMs = data.Results.Saturation.LagP99Ms,
            FakeLateP99Ms = data.Results.Series.Max(s => s.FakeLateness?.P99Ms),
            Saturated = data.Results.Saturation.Saturated,
            SaturationThresholdMs = data.Results.Saturation.ThresholdMs,
            Stalls = stalls,
            PausedTails = pausedTails,
            Transports = [.. data.Transports],
            LoadPoints = loadPoints,
        };
    }

    private static PausedTail? PausedTailOf(SeriesResult series, double thresholdMs) =>
        series.HarnessPauses is { } pauses
            && pauses.UndelayedTtftAt(99) is { } clearP99
            && series.Metrics.GetValueOrDefault(MetricNames.Ttft) is { } ttft
            && ttft.P99 - clearP99 > thresholdMs
            ? new PausedTail
            {
                Transport = series.Transport,
                LoadPoint = series.LoadPoint,
                TtftP99Ms = ttft.P99,
                UndelayedP99Ms = clearP99,
                Delayed = pauses.TtftDelayed,
                Measured = pauses.TtftMeasured,
                MaxPauseMs = pauses.MaxMs,
            }
            : null;

    // A tail the harness made (its own pauses, or its embedded fake falling behind) says nothing about
    // the transports: no side is called faster.
    private static MetricDecision Undecided(MetricDecision decided, List<string> reasons) => decided with
    {
        Decided = false,
        Others = [.. decided.Others.Select(g => g with { Detectable = false })],
        Answer = $"not decided: {string.Join("; ", reasons)} (see above)",
    };

    private static string Labels(IEnumerable<string> transports) => string.Join(" and ", transports.Select(TransportPalette.LabelOf));

    private static MetricDecision DecideMetric(string metric, double percentile, List<Measured> measured, int resamples, int seed)
    {
        double Estimate(HistogramBootstrap b) => b.ValueAtPercentile(percentile) / 1000.0;
        var fastest = measured.MinBy(m => Estimate(m.Bootstrap))!;
        long minimum = ClaimVerifier.MinimumSamples(percentile);
        long sampleSize = measured.Min(m => m.Bootstrap.Count);
        var gaps = new List<TransportGap>();
        foreach (var other in measured.Where(m => m.Transport != fastest.Transport))
        {
            var d = PercentileDifference.Estimate(fastest.Bootstrap, other.Bootstrap, percentile, resamples, seed).Scale(0.001);
            var rounds = RoundDifferences.Of(fastest.Rounds, other.Rounds, metric, percentile);
            bool pooled = sampleSize >= minimum && d.IsAboveZero;
            bool held = rounds?.Held != false;

            // Either series' figure may hold its own error (the report's ± resolution), and both
            // percentiles are read to the histograms' step at their values; a difference of one step
            // is not a measured one.
            double resolution = Math.Max(fastest.BoundMs, other.BoundMs) + Math.Max(HistogramSet.StepMs(fastest.Histogram, Estimate(fastest.Bootstrap)), HistogramSet.StepMs(other.Histogram, Estimate(other.Bootstrap)));
            bool beyondResolution = d.Low > resolution;
            gaps.Add(new TransportGap
            {
                Transport = other.Transport,
                DifferenceMs = d.Estimate,
                CiLowMs = d.Low,
                CiHighMs = d.High,
                Rounds = rounds,
                ResolutionMs = resolution,
                Detectable = pooled && held && beyondResolution,
                FailedAcrossRounds = pooled && !held,
                WithinResolution = pooled && held && !beyondResolution,
            });
        }

        string label = "p" + percentile.ToString("0.###", CultureInfo.InvariantCulture);
        string fastestLabel = TransportPalette.LabelOf(fastest.Transport);
        string answer;
        if (sampleSize < minimum)
        {
            answer = $"no detectable difference at this sample size (n = {sampleSize}; {label} needs {minimum})";
        }
        else if (gaps.All(g => !g.Detectable))
        {
            var drifted = gaps.Where(g => g.FailedAcrossRounds).ToList();
            var small = gaps.Where(g => g.WithinResolution).ToList();
            // Each reason a gap was not called is named, so that no measured gap goes unmentioned.
            var reasons = new List<string>();
            if (drifted.Count > 0)
            {
                reasons.Add($"no difference that held in every round ({string.Join("; ", drifted.Select(g => $"{TransportPalette.LabelOf(g.Transport)} − {fastestLabel} by round: {ByRound(g.Rounds!)}"))})");
            }

            if (small.Count > 0)
            {
                reasons.Add($"no difference beyond the harness's resolution ({string.Join("; ", small.Select(g => $"{TransportPalette.LabelOf(g.Transport)} − {fastestLabel}: {Format.SignedMs(g.DifferenceMs!.Value)} ms, 95% CI {Format.Ms(g.CiLowMs)}–{Format.Ms(g.CiHighMs)}, resolution {Format.Ms(g.ResolutionMs)} ms"))})");
            }

            answer = reasons.Count > 0 ? string.Join("; ", reasons) : $"no detectable difference at this sample size (n = {sampleSize})";
        }
        else
        {
            var parts = gaps.Where(g => g.Detectable).Select(g => $"{TransportPalette.LabelOf(g.Transport)} by {Span(g)}").ToList();
            var ties = gaps.Where(g => !g.Detectable).Select(g => TransportPalette.LabelOf(g.Transport)
                + (g.FailedAcrossRounds ? " (not in every round)" : g.WithinResolution ? " (within the resolution)" : string.Empty)).ToList();
            answer = $"{fastestLabel} faster than {string.Join(", ", parts)}"
                + (ties.Count > 0 ? $"; no detectable difference from {string.Join(", ", ties)}" : string.Empty);
        }

        return new MetricDecision
        {
            Metric = metric,
            Percentile = percentile,
            Fastest = fastest.Transport,
            FastestMs = Estimate(fastest.Bootstrap),
            Decided = gaps.All(g => g.Detectable),
            Others = gaps,
            SampleSize = sampleSize,
            MinimumSamples = minimum,
            Answer = answer,
        };
    }

    private static string ByRound(RoundDifferences rounds) =>
        string.Join(", ", rounds.ByRoundMs.Select(d => Format.SignedMs(d))) + " ms";

    private static string Span(TransportGap g) =>
        $"{Format.Ms(g.DifferenceMs)} ms (95% CI {Format.Ms(g.CiLowMs)}–{Format.Ms(g.CiHighMs)}"
        + (g.Rounds is { } r ? $"; by round {ByRound(r)}" : string.Empty) + ")";

    /// <summary>One transport's samples of the metric: its pooled histogram and, when measured in rounds, each round's summaries.</summary>
    private sealed record Measured(string Transport, HdrHistogram.HistogramBase Histogram, HistogramBootstrap Bootstrap, IReadOnlyList<RoundResult>? Rounds, double BoundMs);
}
