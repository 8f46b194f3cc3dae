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
        + "and both series have enough samples (at least 10 and 3 above the percentile). Failures come first: a transport whose error "
        + "share's 95% Wilson interval lies wholly above the most reliable transport's fails more there. TTFT and e2e count each failed "
        + "request as slower than any other (as a latency claim does), so no transport wins on the latency of its successes alone; "
        + "ITL has no sample for a failure, so a transport that failed any request is never called faster on it. Where the harness was saturated, a difference "
        + "is called only when its interval also clears both transports' lag (each its worst round's lag p99), which could have moved either figure.";

    /// <summary>Added to <see cref="Method"/> for a run measured in interleaved rounds.</summary>
    public const string RoundsRule =
        " Each load point was measured in interleaved rounds (A B C, C B A, ...): a difference also has to hold in every "
        + "round, each round's difference above 0 and the 95% Student-t interval of their mean above 0, so that what "
        + "drifted while the run went does not decide it.";

    /// <summary>Added to <see cref="Method"/> for a run measured with <c>--rounds 1</c> (one block per series).</summary>
    public const string OneRoundCaveat =
        " The series were measured one after another in one block each: the interval covers sampling noise, not what "
        + "drifted between the series, so a difference of a few ms may not repeat (compare --rounds 3 or more checks it).";

    /// <summary>Added to <see cref="Method"/> for an agents' merge, whose rounds overlap in time and are dropped.</summary>
    public const string MergedCaveat =
        " The series were merged from agents, whose rounds overlap in time and cannot be compared one by one: the interval "
        + "covers sampling noise, not what drifted between the series, so a difference of a few ms may not repeat (each "
        + "agent's own report judges its rounds).";

    /// <summary>Added to <see cref="Method"/> for a run planned in rounds but stopped before its second: {0} the planned rounds.</summary>
    public const string StoppedCaveat =
        " The run was stopped in or after its first round of {0}, so there are no rounds to compare: the interval covers "
        + "sampling noise, not what drifted between the series, so a difference of a few ms may not repeat (a run left to "
        + "finish its rounds checks it).";

    /// <summary>
    /// The percentiles that decide it, in report order: the median and the tail of TTFT, ITL and e2e.
    /// The medians are asked too: the tails need 300 samples and are the noisiest, so without them a
    /// steady 5 ms/token gap would go unasked.
    /// </summary>
    public static IReadOnlyList<(string Metric, double Percentile)> Questions { get; } =
        [(MetricNames.Ttft, 50), (MetricNames.Ttft, 99), (MetricNames.Itl, 50), (MetricNames.Itl, 99), (MetricNames.EndToEnd, 50), (MetricNames.EndToEnd, 99)];

    /// <summary>The decision for a run; load points with fewer than two transports are left out.</summary>
    public static TransportDecision Decide(ReportData data, int resamples = ClaimVerifier.DefaultResamples, int seed = ClaimVerifier.DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(data);
        var tails = HarnessTails.Of(data.Results, data.Histograms);
        var loadPoints = new List<LoadPointDecision>();
        foreach (string loadPoint in data.LoadPoints)
        {
            var series = data.Results.Series.Where(s => s.LoadPoint == loadPoint)
                .OrderBy(s => TransportPalette.OrderOf(s.Transport)).ThenBy(s => s.Transport, StringComparer.Ordinal).ToList();
            if (series.Count < 2)
            {
                continue;
            }

            // A saturated harness's lag may have moved either side: where it was, a difference must also clear both lags.
            var statuses = series.Select(s => SaturationStatus.Of(s, data.Results.Saturation)).ToList();
            var saturation = statuses.Where(st => st.Saturated).MaxBy(st => st.PeakLagP99Ms);
            var lags = series.Select((s, i) => (s.Transport, statuses[i].PeakLagP99Ms)).ToDictionary(x => x.Transport, x => x.PeakLagP99Ms);
            var errors = ErrorComparison.Of(series);
            var metrics = new List<MetricDecision>();
            foreach (var (metric, percentile) in Questions)
            {
                var recorded = series
                    .Select(s => (Series: s, Histogram: data.Histograms.Find(HistogramSet.TagOf(s.Transport, loadPoint, metric))))
                    .ToList();
                var measured = recorded
                    .Where(h => h.Histogram is { TotalCount: > 0 })
                    .Select(h => new Measured(h.Series.Transport, h.Histogram!, new HistogramBootstrap(h.Histogram!, FailedWithout(h.Series, h.Histogram!, metric)), UsableRounds(h.Series.Rounds), h.Series.ResolutionOr(data.Results.Saturation.LagP99Ms).BoundMs))
                    .ToList();
                if (measured.Count == 0)
                {
                    continue; // no transport recorded it: the section says so in the cell
                }

                // A transport without samples of the metric is named with why, never silently left out.
                var missing = recorded.Where(h => h.Histogram is not { TotalCount: > 0 }).Select(h => h.Series).ToList();
                string missingNote = missing.Count == 0 ? string.Empty
                    : $"not measured in {string.Join(" and ", missing.Select(m => $"{TransportPalette.LabelOf(m.Transport)} ({WhyNotMeasured(m, metric)})"))}";
                if (measured.Count < 2)
                {
                    metrics.Add(new MetricDecision
                    {
                        Metric = metric,
                        Percentile = percentile,
                        Fastest = measured[0].Transport,
                        Measured = false,
                        Undecided = missing.Any(m => m.Errors > 0) ? [UndecidedReason.Failures] : [],
                        Answer = missingNote,
                    });
                    continue;
                }

                double? LagBound(string a, string b) => saturation is null ? null : lags[a] + lags[b];
                var decided = DecideMetric(metric, percentile, measured, LagBound, resamples, seed);
                bool Compared(string transport) => measured.Exists(m => m.Transport == transport);
                var reasons = new List<(UndecidedReason Reason, string Text)>();
                var fastestErrors = errors.Transports.Single(t => t.Transport == decided.Fastest);
                // TTFT and e2e count each failed request as slower than any (as verify does); the gaps
                // between tokens have no such sample, so a transport that failed wins no ITL answer.
                if (!FailedRequests.Counted(metric) && fastestErrors.Failed > 0 && decided.Others.Any(g => g.Detectable))
                {
                    var widest = decided.Others.Where(g => g.Detectable).MaxBy(g => g.DifferenceMs)!;
                    reasons.Add((UndecidedReason.Failures, Invariant($"{TransportPalette.LabelOf(decided.Fastest)} failed {fastestErrors.Failed} of {fastestErrors.Ended} requests; its ITL counts only the gaps it streamed ({Format.Ms(widest.DifferenceMs)} ms below {TransportPalette.LabelOf(widest.Transport)})")));
                }

                reasons.AddRange(tails.Reaching(series, metric, percentile, Compared));

                // A series whose answers were held back and sent whole has gaps near zero: no generation speed.
                var heldBack = series.Where(s => Compared(s.Transport) && BufferedAnswers.Mostly(s)).ToList();
                if (metric == MetricNames.Itl && heldBack.Count > 0)
                {
                    reasons.Add((UndecidedReason.NotStreamed, $"the answers of {TransportPalette.LabelsOf(heldBack.Select(s => s.Transport))} came all at once, so their gaps between tokens time a relay's writes, not generation"));
                }

                var answered = reasons.Count > 0 ? Undecided(decided, reasons) : decided;
                metrics.Add(missingNote.Length == 0 ? answered : answered with { Answer = $"{answered.Answer}; {missingNote}" });
            }

            loadPoints.Add(new LoadPointDecision { LoadPoint = loadPoint, Load = Format.Load(series[0]), Errors = errors, Metrics = metrics, Saturation = saturation });
        }

        return new TransportDecision
        {
            Method = Method + RoundsNote(data.Results),
            RunFailed = RunFailure.Of(data.Results.Series),
            ResolutionMs = data.Results.Saturation.LagP99Ms,
            FakeLateP99Ms = data.Results.Series.Max(s => s.FakeLateness?.P99Ms),
            Saturated = data.Results.Saturation.Saturated,
            SaturationThresholdMs = data.Results.Saturation.ThresholdMs,
            Stalls = tails.Stalls,
            Standstills = tails.Standstills,
            PausedTails = tails.PausedTails,
            Remeasured = [.. data.Results.Series.SelectMany(s => (s.SetAside ?? []).Select(r => new RemeasuredRound
            {
                Transport = s.Transport,
                LoadPoint = s.LoadPoint,
                Round = r.Round,
                RoundCount = s.Rounds?.Count ?? 1,
                Because = r.SetAsideBecause ?? "set aside",
            }))],
            Transports = [.. data.Transports],
            LoadPoints = loadPoints,
        };
    }

    // A tail the harness made (its own pauses, or its embedded fake falling behind) says nothing about
    // the transports: no side is called faster.
    private static MetricDecision Undecided(MetricDecision decided, List<(UndecidedReason Reason, string Text)> reasons) => decided with
    {
        Decided = false,
        Others = [.. decided.Others.Select(g => g with { Detectable = false })],
        BoundMs = null,
        Undecided = [.. reasons.Select(r => r.Reason)],
        Answer = $"not decided: {string.Join("; ", reasons.Select(r => r.Text))} (see above)",
    };

    // What the method says of rounds: the rule when they were compared, else why there were none to compare.
    private static string RoundsNote(RunResults results)
    {
        if (results.Series.Any(s => UsableRounds(s.Rounds) is not null))
        {
            return RoundsRule;
        }

        if (results.Agents.Count > 1)
        {
            return MergedCaveat;
        }

        return results.Settings.TryGetValue("rounds", out string? text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int planned) && planned > 1
            ? string.Format(CultureInfo.InvariantCulture, StoppedCaveat, planned)
            : OneRoundCaveat;
    }

    // Failed requests (and those ok without the moment) as samples above every value, as a latency
    // claim counts them: a transport's percentile is then of all its requests, never of its successes alone.
    private static long FailedWithout(SeriesResult series, HdrHistogram.HistogramBase histogram, string metric) =>
        FailedRequests.AboveAnyValue(series, metric, histogram.TotalCount);

    // One round (a run stopped during its second) has nothing to compare with: judged as one block.
    private static IReadOnlyList<RoundResult>? UsableRounds(IReadOnlyList<RoundResult>? rounds) => rounds is { Count: > 1 } ? rounds : null;

    // Why a transport has no samples of a metric: it failed every request, or none recorded the moment.
    private static string WhyNotMeasured(SeriesResult series, string metric) => series.FailedEveryRequest
        ? Invariant($"it failed every request, {series.Errors} of {series.Ended}: {string.Join(", ", series.Outcomes.Where(o => o.Value > 0 && SeriesResult.IsError(o.Key)).Select(o => Invariant($"{o.Key} {o.Value}")))}")
        : $"no {MetricLabel(metric)} samples";

    /// <summary>A metric as the report's headings write it: TTFT, ITL, e2e.</summary>
    internal static string MetricLabel(string metric) => metric == MetricNames.EndToEnd ? "e2e" : metric.ToUpperInvariant();

    private static string Title(string metric, double percentile) => Invariant($"{MetricLabel(metric)} p{percentile:0.###}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static MetricDecision DecideMetric(string metric, double percentile, List<Measured> measured, Func<string, string, double?> lagBound, int resamples, int seed)
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
            // A saturated harness's lag may have raised either side: a difference it could make is not the transports'.
            double? lag = lagBound(fastest.Transport, other.Transport);
            bool beyondLag = lag is not double l || d.Low > resolution + l;
            gaps.Add(new TransportGap
            {
                Transport = other.Transport,
                // Null where the percentile fell among failed requests (+∞): JSON has no infinity.
                DifferenceMs = Finite(d.Estimate),
                CiLowMs = Finite(d.Low),
                CiHighMs = Finite(d.High),
                Rounds = rounds,
                ResolutionMs = resolution,
                LagBoundMs = lag,
                Detectable = pooled && held && beyondResolution && beyondLag,
                FailedAcrossRounds = pooled && !held,
                WithinResolution = pooled && held && !beyondResolution,
                WithinLag = pooled && held && beyondResolution && !beyondLag,
            });
        }

        string label = Format.Percentile(percentile);
        string fastestLabel = TransportPalette.LabelOf(fastest.Transport);
        string answer;
        double? bound = null;
        var undecided = new List<UndecidedReason>();
        if (!double.IsFinite(Estimate(fastest.Bootstrap)))
        {
            // Failures count as slower than any success: past their share, no transport has a figure.
            answer = $"not decided: every transport's {label} falls among its failed requests";
            undecided.Add(UndecidedReason.Failures);
            gaps = [.. gaps.Select(g => g with { Detectable = false })];
        }
        else if (sampleSize < minimum)
        {
            // Too few to test: it says so rather than "no difference", which it did not test.
            answer = $"too few samples to tell (n = {sampleSize}; {label} needs {minimum})";
            undecided.Add(UndecidedReason.FewSamples);
        }
        else if (gaps.All(g => !g.Detectable))
        {
            var drifted = gaps.Where(g => g.FailedAcrossRounds).ToList();
            var small = gaps.Where(g => g.WithinResolution).ToList();
            var lagged = gaps.Where(g => g.WithinLag).ToList();
            // Each reason a gap was not called is named, so that no measured gap goes unmentioned.
            var reasons = new List<string>();
            if (drifted.Count > 0)
            {
                reasons.Add(AcrossRounds(drifted, fastestLabel));
                undecided.Add(UndecidedReason.NotSteadyAcrossRounds);
            }

            if (small.Count > 0)
            {
                reasons.Add($"no difference beyond the harness's resolution ({string.Join("; ", small.Select(g => $"{TransportPalette.LabelOf(g.Transport)} − {fastestLabel}: {Format.SignedMs(g.DifferenceMs)} ms, 95% CI {Format.Ms(g.CiLowMs)}–{Format.Ms(g.CiHighMs)}, resolution {Format.Ms(g.ResolutionMs)} ms"))})");
                undecided.Add(UndecidedReason.WithinResolution);
            }

            if (lagged.Count > 0)
            {
                reasons.Add($"not decided: the harness was saturated here and its lag could make the difference ({string.Join("; ", lagged.Select(g => $"{TransportPalette.LabelOf(g.Transport)} − {fastestLabel}: {Format.SignedMs(g.DifferenceMs)} ms, 95% CI {Format.Ms(g.CiLowMs)}–{Format.Ms(g.CiHighMs)}, resolution {Format.Ms(g.ResolutionMs)} + both transports' lag {Format.Ms(g.LagBoundMs)} ms"))})");
                undecided.Add(UndecidedReason.Saturated);
            }

            if (lagged.Count == 0 && gaps.Select(BoundOf).ToList() is var bounds && bounds.All(b => b is not null))
            {
                bound = bounds.Max();
            }

            // The bound is said once for the table (DecisionSection.InShort): in each cell it would push
            // the section past the first screen.
            answer = reasons.Count > 0 ? string.Join("; ", reasons) : $"no detectable difference (n = {sampleSize})";
        }
        else
        {
            var parts = gaps.Where(g => g.Detectable).Select(g => $"{TransportPalette.LabelOf(g.Transport)} by {Span(g)}").ToList();
            var ties = gaps.Where(g => !g.Detectable).Select(g => TransportPalette.LabelOf(g.Transport)
                + (g.FailedAcrossRounds ? " (not steady across rounds)" : g.WithinResolution ? " (within the resolution)" : g.WithinLag ? " (within the saturated harness's lag)" : string.Empty)).ToList();
            answer = $"{fastestLabel} faster than {string.Join(", ", parts)}"
                + (ties.Count > 0 ? $"; no detectable difference from {string.Join(", ", ties)}" : string.Empty);
        }

        return new MetricDecision
        {
            Metric = metric,
            Percentile = percentile,
            Fastest = fastest.Transport,
            FastestMs = Finite(Estimate(fastest.Bootstrap)),
            Decided = gaps.All(g => g.Detectable),
            Others = gaps,
            SampleSize = sampleSize,
            MinimumSamples = minimum,
            Undecided = undecided,
            BoundMs = bound,
            Answer = answer,
        };
    }

    // How far from the fastest the data lets this transport be: the far end of its pooled 95% interval
    // or of its rounds' t interval, whichever reaches further, plus the resolution either figure may
    // hold. Null where an interval is unbounded (a percentile among failed requests).
    private static double? BoundOf(TransportGap gap)
    {
        if (gap.CiLowMs is not double low || gap.CiHighMs is not double high)
        {
            return null;
        }

        double far = Math.Max(Math.Abs(low), Math.Abs(high));
        if (gap.Rounds is { LowMs: double roundLow, HighMs: double roundHigh })
        {
            far = Math.Max(far, Math.Max(Math.Abs(roundLow), Math.Abs(roundHigh)));
        }

        return far + gap.ResolutionMs;
    }

    // What failed across rounds, said as it was: a sign that changed between rounds, or rounds all one
    // way whose t interval still reached 0 (too unsteady for three rounds to vouch for).
    private static string AcrossRounds(List<TransportGap> drifted, string fastestLabel)
    {
        var changed = drifted.Where(g => g.Rounds!.ByRoundMs.Any(d => d <= 0)).ToList();
        var unsteady = drifted.Except(changed).ToList();
        var parts = new List<string>();
        if (changed.Count > 0)
        {
            parts.Add($"no difference that held in every round ({string.Join("; ", changed.Select(g => $"{TransportPalette.LabelOf(g.Transport)} − {fastestLabel} by round: {ByRound(g.Rounds!)}"))})");
        }

        if (unsteady.Count > 0)
        {
            parts.Add($"not steady enough across rounds ({string.Join("; ", unsteady.Select(g => $"{TransportPalette.LabelOf(g.Transport)} − {fastestLabel} by round: {ByRound(g.Rounds!)}; t-interval of their mean {TInterval(g.Rounds!)}"))})");
        }

        return string.Join("; ", parts);
    }

    private static string TInterval(RoundDifferences rounds) => rounds.LowMs is double low && rounds.HighMs is double high
        ? $"{Format.SignedMs(low)}…{Format.SignedMs(high)} ms"
        : "not computed";

    private static string ByRound(RoundDifferences rounds) =>
        string.Join(", ", rounds.ByRoundMs.Select(d => Format.SignedMs(d))) + " ms";

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static string Span(TransportGap g) => g.DifferenceMs is null
        ? "more than any figure it has (its percentile falls among its failed requests)"
        : $"{Format.Ms(g.DifferenceMs)} ms (95% CI {Format.Ms(g.CiLowMs)}–{Format.Ms(g.CiHighMs)}"
        + (g.Rounds is { } r ? $"; by round {ByRound(r)}" : string.Empty) + ")";

    /// <summary>One transport's samples of the metric: its pooled histogram and, when measured in rounds, each round's summaries.</summary>
    private sealed record Measured(string Transport, HdrHistogram.HistogramBase Histogram, HistogramBootstrap Bootstrap, IReadOnlyList<RoundResult>? Rounds, double BoundMs);
}
