using System.Globalization;
using Harness.Load.Results;
using Harness.Reports.Claims;

namespace Harness.Reports.Diff;

/// <summary>
/// Compares a candidate run with a baseline run, series by series (transport × load point): per
/// metric and percentile, candidate − baseline with a bootstrap 95% interval from both histograms.
/// Runs that do not measure the same thing (model, schedule, load, transports) are refused unless
/// allowed (--allow-mismatch), because their difference would not be a regression: what is checked of
/// the runs themselves is <see cref="DiffPreconditions"/>'s.
/// </summary>
public static class ResultsDiff
{
    /// <summary>How the intervals and verdicts are computed, shown wherever a diff is.</summary>
    public const string Method =
        "candidate − baseline per series, metric and percentile; 95% bootstrap interval from both runs' HdrHistograms "
        + "(independent seeded resamples of each); regressed / improved when the whole interval is above / below 0, "
        + "else no detectable difference. The gate fails when the whole interval is above the limit, passes when the "
        + "whole interval is at or below it, and is inconclusive otherwise or with too few samples (each side at least "
        + "10 and 3 above the percentile), or when the interval is past the limit but not past the runs' resolution "
        + "(the candidate's ± resolution: its scheduling lag p99 plus, against the embedded fake, how late the fake "
        + "wrote at p99; and the histograms' value step). Where a run's harness was saturated, a row past the limit by no "
        + "more than the candidate's lag p99 (its worst round's), or within it by less than the baseline's, is inconclusive too. "
        + "Failed requests count as +∞ in per-request metrics (as in verify); each series' failed share is compared too "
        + "(Newcombe 95% interval of the difference), failing when the whole interval is above the allowance. "
        + "A metric only some requests sample (connect, tls, itl, tpot) with fewer than 10 samples on both sides is not compared.";

    /// <summary>Reads both results directories and compares them.</summary>
    /// <exception cref="FileNotFoundException">A directory has no <c>results.json</c>.</exception>
    public static DiffReport Compare(string baselineDir, string candidateDir, DiffOptions? options = null)
    {
        var (baseline, baselineHistograms) = ResultsDirectory.Read(baselineDir);
        var (candidate, candidateHistograms) = ResultsDirectory.Read(candidateDir);
        return Compare(baselineDir, baseline, baselineHistograms, candidateDir, candidate, candidateHistograms, options);
    }

    /// <summary>Compares two runs already read.</summary>
    public static DiffReport Compare(
        string baselineName, RunResults baseline, HistogramSet baselineHistograms,
        string candidateName, RunResults candidate, HistogramSet candidateHistograms,
        DiffOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(baselineHistograms);
        ArgumentNullException.ThrowIfNull(candidateHistograms);
        options ??= new DiffOptions();
        var mismatches = DiffPreconditions.Mismatches(baseline, candidate);
        var matched = baseline.Series
            .Select(b => (Baseline: b, Candidate: candidate.Series.FirstOrDefault(c => DiffPreconditions.SameSeries(b, c))))
            .Where(p => p.Candidate is not null)
            .ToList();
        var report = new DiffReport
        {
            Baseline = baselineName,
            Candidate = candidateName,
            MaxRegression = options.MaxRegression.Text,
            Mismatches = mismatches,
            Cautions = DiffPreconditions.Cautions(baselineName, baseline, candidateName, candidate),
            Method = Method,
            Overall = VerdictStatus.Inconclusive,
        };
        // One run's directory given twice, or a copy of it: it always passes, a gate that can never fail.
        if (DiffPreconditions.SameRun(baseline, candidate) is { } sameRun)
        {
            return report with { Refused = true, SameRun = true, Mismatches = [sameRun] };
        }

        if (matched.Count == 0)
        {
            mismatches.Add("no series in common: nothing to compare");
            return report with { Refused = true };
        }

        if (mismatches.Count > 0 && !options.AllowMismatch)
        {
            return report with { Refused = true };
        }

        var rows = new List<DiffRow>();
        var errorShares = new List<ErrorShareRow>();
        var notCompared = new List<NotComparedMetric>();
        // The saturation statuses that turned a row inconclusive, per side: what to record again.
        List<SaturationStatus> baselineLagged = [], candidateLagged = [];
        foreach (var (b, c) in matched)
        {
            errorShares.Add(ErrorShareDifference.Compare(b, c!, options.MaxRegression));
            foreach (string metric in options.Metrics)
            {
                var hb = baselineHistograms.Find(HistogramSet.TagOf(b.Transport, b.LoadPoint, metric));
                var hc = candidateHistograms.Find(HistogramSet.TagOf(c!.Transport, c.LoadPoint, metric));
                // As in verify: a per-request metric holds successful requests only, and every other
                // ended request is a sample above any value, so failing more never reads as faster.
                long fb = Failed(b, hb, metric), fc = Failed(c, hc, metric);
                var bb = new HistogramBootstrap(hb, fb);
                var bc = new HistogramBootstrap(hc, fc);
                if (bb.Count == 0 && bc.Count == 0)
                {
                    continue; // Neither run measured it (e.g. connect on warm connections): nothing to say.
                }

                // Sampled by some requests only (connect in a warm run): a handful on each side judges no
                // percentile and says nothing of failures, so it is shown, not gated. A per-request
                // metric counts every ended request, so few samples there is a short run: inconclusive.
                if (!FailedRequests.SampleEveryRequest(metric) && bb.Count < ClaimVerifier.FewestSamples && bc.Count < ClaimVerifier.FewestSamples)
                {
                    notCompared.Add(NotCompared(b, metric, bb.Count, bc.Count));
                    continue;
                }

                foreach (double percentile in options.Percentiles)
                {
                    var row = Row(b.Transport, b.LoadPoint, metric, percentile, (bb, fb), (bc, fc), options);
                    row = WeighResolution(row, hb, hc, c.ResolutionOr(candidate.Saturation.LagP99Ms));
                    row = WeighPauses(row, PauseReach.Of(b, metric, hb), PauseReach.Of(c, metric, hc));
                    row = WeighStalls(row, b, baseline.Saturation.ThresholdMs, c, candidate.Saturation.ThresholdMs);
                    var (sb, sc) = (SaturationStatus.Of(b, baseline.Saturation), SaturationStatus.Of(c, candidate.Saturation));
                    var weighed = WeighSaturation(row, sb, sc);
                    if (weighed.Gate != row.Gate)
                    {
                        (row.Gate == VerdictStatus.NotMet ? candidateLagged : baselineLagged).Add(row.Gate == VerdictStatus.NotMet ? sc : sb);
                    }

                    rows.Add(weighed);
                }
            }
        }

        // Named, not just skipped: a gate on a metric neither run has would otherwise pass unseen.
        var unmeasured = options.Metrics.Where(m => !rows.Any(r => r.Metric == m) && !notCompared.Any(n => n.Metric == m)).ToList();
        var overall = Combine(rows);
        if (errorShares.Any(e => e.Gate == VerdictStatus.NotMet))
        {
            overall = VerdictStatus.NotMet;
        }

        var advice = new[] { DiffPreconditions.Rerecord("baseline", baselineName, baselineLagged), DiffPreconditions.Rerecord("candidate", candidateName, candidateLagged) }.OfType<string>().ToList();
        return report with { Rows = rows, ErrorShares = errorShares, Overall = overall, Unmeasured = unmeasured, NotCompared = notCompared, Advice = advice };
    }

    private static NotComparedMetric NotCompared(SeriesResult series, string metric, long nb, long nc)
    {
        string sampledBy = metric switch
        {
            MetricNames.Connect => "only by requests that open a connection",
            MetricNames.Tls => "only by requests that make a TLS handshake",
            MetricNames.Itl or MetricNames.Tpot => "only by answers of two tokens or more",
            _ => "only by some requests",
        };
        return new NotComparedMetric
        {
            Transport = series.Transport,
            LoadPoint = series.LoadPoint,
            Metric = metric,
            BaselineCount = nb,
            CandidateCount = nc,
            Reason = Invariant($"n = {nb}/{nc}, fewer than the {ClaimVerifier.FewestSamples} any percentile needs on both sides; {metric} is sampled {sampledBy}, so few samples are no sign of failures{ClaimVerifier.WhyNoSamples(series, metric)}"),
        };
    }

    private static long Failed(SeriesResult series, HdrHistogram.HistogramBase? histogram, string metric) =>
        FailedRequests.AboveAnyValue(series, metric, histogram?.TotalCount ?? 0);

    /// <summary>Not met if any row is past the limit; otherwise inconclusive if any row is (or there is none); otherwise met.</summary>
    public static VerdictStatus Combine(IReadOnlyCollection<DiffRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return VerdictStatus.Inconclusive;
        }

        if (rows.Any(r => r.Gate == VerdictStatus.NotMet))
        {
            return VerdictStatus.NotMet;
        }

        return rows.Any(r => r.Gate == VerdictStatus.Inconclusive) ? VerdictStatus.Inconclusive : VerdictStatus.Met;
    }

    private static DiffRow Row(string transport, string loadPoint, string metric, double percentile, (HistogramBootstrap Values, long Failed) baselineSide, (HistogramBootstrap Values, long Failed) candidateSide, DiffOptions options)
    {
        var (baseline, candidate) = (baselineSide.Values, candidateSide.Values);
        long minimum = ClaimVerifier.MinimumSamples(percentile);
        long nb = baseline.Count, nc = candidate.Count;
        string label = Format.Percentile(percentile);
        var row = new DiffRow
        {
            Transport = transport,
            LoadPoint = loadPoint,
            Metric = metric,
            Percentile = percentile,
            BaselineCount = nb,
            CandidateCount = nc,
            MinimumSamples = minimum,
            Status = DiffStatus.TooFewSamples,
            Gate = VerdictStatus.Inconclusive,
            Reason = string.Empty,
        };
        if (nb == 0 || nc == 0)
        {
            return row with { Reason = $"{metric} {label}: no samples in the {(nb == 0 ? "baseline" : "candidate")}" };
        }

        // Failed requests are +∞ (microseconds in the bootstrap, milliseconds here).
        double baselineMs = baseline.ValueAtPercentile(percentile) / 1000.0;
        double candidateMs = candidate.ValueAtPercentile(percentile) / 1000.0;
        var d = PercentileDifference.Estimate(baseline, candidate, percentile, options.Resamples, options.Seed).Scale(0.001);
        double limit = options.MaxRegression.LimitMs(baselineMs);
        row = row with
        {
            BaselineMs = baselineMs,
            CandidateMs = candidateMs,
            DifferenceMs = d.Estimate,
            CiLowMs = d.Low,
            CiHighMs = d.High,
            // A baseline among failed requests has no share: ∞ − ∞ counts as 0, but 0 / ∞ is no "0%".
            RelativeChange = baselineMs > 0 && double.IsFinite(baselineMs) ? Computed(d.Estimate / baselineMs) : null,
            LimitMs = Computed(limit),
        };
        string range = Invariant($"{metric} {label} {Signed(d.Estimate)} ms, 95% CI [{Signed(d.Low)}, {Signed(d.High)}] ms, n = {nb}/{nc}{FailedNote(baselineSide.Failed, candidateSide.Failed)}, limit {Allowance(limit)} ms");
        if (nb < minimum || nc < minimum)
        {
            return row with { Reason = $"too few samples for {label}: {Math.Min(nb, nc)} < {minimum} ({range}){ClaimVerifier.LongerRun(Math.Min(nb, nc), minimum)}" };
        }

        var status = d.IsAboveZero ? DiffStatus.Regressed : d.IsBelowZero ? DiffStatus.Improved : DiffStatus.NoDetectableDifference;
        var (gate, why) = d.Low > limit
            ? (VerdictStatus.NotMet, double.IsPositiveInfinity(candidateMs) ? $"the candidate's {label} is a failed request" : "the whole interval is past the limit")
            : d.High <= limit
                ? (VerdictStatus.Met, double.IsPositiveInfinity(limit) ? Unbounded(label, candidateMs) : "the whole interval is within the limit")
                : (VerdictStatus.Inconclusive, $"the interval straddles the limit{ClaimVerifier.LongerRunToNarrow("the difference", d.Estimate, d.Low, d.High, limit)}");
        return row with { Status = status, Gate = gate, Reason = $"{range}: {why}" };
    }

    // A share of a baseline percentile among failed requests is +∞: "within the limit" would be true
    // of anything, so say why; which run fails more is the failed-share row's.
    private static string Unbounded(string label, double candidateMs) =>
        $"the baseline's {label} is a failed request, so no candidate figure is past the limit"
        + (double.IsPositiveInfinity(candidateMs) ? "; the candidate's is one too, and which run fails more is the failed-share row's to judge" : string.Empty);

    private static string Allowance(double limit) => double.IsPositiveInfinity(limit) ? "+∞" : Invariant($"+{limit:0.###}");

    private static string FailedNote(long fb, long fc)
    {
        return fb == 0 && fc == 0 ? string.Empty : Invariant($" ({fb}/{fc} failed, counted as +∞)");
    }

    private static string Signed(double value) => double.IsInfinity(value)
        ? (value > 0 ? "+∞" : "−∞")
        : value.ToString("+0.###;-0.###;0", CultureInfo.InvariantCulture);

    // ±∞ is a figure (failed requests reached it), written as verify writes it; NaN (−∞ / ∞) is none.
    private static double? Computed(double value) => double.IsNaN(value) ? null : value;

    // What weighing the harness's own error needs: a finite figure, since a failed request is past any
    // lag or pause and an unbounded verdict is not the harness's to explain.
    private static double? Finite(double? value) => value is double v && double.IsFinite(v) ? v : null;

    // The candidate's scheduling lag (and, against the embedded fake, the fake's lateness) can add up
    // to its p99 to a figure, and each percentile is read to its histogram's step (1.02 ms at a
    // one-second e2e): a regression past the limit but not past those cannot say whether the
    // endpoint changed.
    private static DiffRow WeighResolution(DiffRow row, HdrHistogram.HistogramBase? baseline, HdrHistogram.HistogramBase? candidate, Harness.Clients.HarnessResolution candidateBound)
    {
        if (row.Gate != VerdictStatus.NotMet || Finite(row.BaselineMs) is not { } b || Finite(row.CandidateMs) is not { } c || Finite(row.CiLowMs) is not { } low || baseline is null || candidate is null)
        {
            return row;
        }

        double step = Math.Max(HistogramSet.StepMs(baseline, b), HistogramSet.StepMs(candidate, c));
        double resolution = candidateBound.BoundMs + step;
        return low > resolution
            ? row
            : row with { Gate = VerdictStatus.Inconclusive, Reason = Invariant($"{row.Reason}; but not past the runs' resolution ({resolution:0.###} ms: {Format.ResolutionParts(candidateBound, step, whose: "the candidate's")}): the regression may be the harness's") };
    }

    // The harness's own pauses only add latency. A row past the limit only through the samples a pause
    // may have lengthened in the candidate (requests it delayed; for ITL the lowest the gaps could be,
    // PauseReach), or within it only because such samples raised the baseline, cannot say whether the
    // endpoint changed: inconclusive, with the figure without them.
    private static DiffRow WeighPauses(DiffRow row, PauseReach? baseline, PauseReach? candidate)
    {
        if (Finite(row.LimitMs) is not { } limit || Finite(row.BaselineMs) is not { } baselineMs || Finite(row.CandidateMs) is not { } candidateMs)
        {
            return row;
        }

        string label = Format.Percentile(row.Percentile);
        if (row.Gate == VerdictStatus.NotMet && candidate?.At(row.Percentile) is { } c && c - baselineMs <= limit)
        {
            return row with { Gate = VerdictStatus.Inconclusive, Reason = $"{row.Reason}; but {candidate.Without(label, Invariant($"{c:0.###} ms"), "candidate")}, within the limit: the regression may be the harness's" };
        }

        if (row.Gate == VerdictStatus.Met && baseline?.At(row.Percentile) is { } b && candidateMs - b > limit)
        {
            return row with { Gate = VerdictStatus.Inconclusive, Reason = $"{row.Reason}; but {baseline.Without("the baseline's " + label, Invariant($"{b:0.###} ms"), "baseline")}, and the candidate is past the limit from it" };
        }

        return row;
    }

    // A stall of the embedded fake or of the machine reached whole waves of requests and so the tails, from the
    // percentile a wave is of that side's samples (StallReach): a row there past the limit where the
    // candidate's fake stalled, or within it where the baseline's did, cannot say whether the
    // endpoint changed.
    private static DiffRow WeighStalls(DiffRow row, SeriesResult baseline, double baselineThresholdMs, SeriesResult candidate, double candidateThresholdMs)
    {
        if (row.Gate == VerdictStatus.NotMet && StallReach.Reaching(candidate, row.Metric, row.Percentile, candidateThresholdMs, whose: "the candidate's ") is { } c)
        {
            return row with { Gate = VerdictStatus.Inconclusive, Reason = Invariant($"{row.Reason}; but {c}{StallReach.Explain(candidate, row.Metric)}: the regression may be the harness's") };
        }

        if (row.Gate == VerdictStatus.Met && StallReach.Reaching(baseline, row.Metric, row.Percentile, baselineThresholdMs, whose: "the baseline's ") is { } b)
        {
            return row with { Gate = VerdictStatus.Inconclusive, Reason = Invariant($"{row.Reason}; but {b}{StallReach.Explain(baseline, row.Metric)}: its tail may hide a regression") };
        }

        return row;
    }

    // A saturated run's lag (its worst round's) only adds latency: past the limit by no more than the
    // candidate's, or within it by less than the baseline's, the lag could account for the verdict.
    private static DiffRow WeighSaturation(DiffRow row, SaturationStatus baseline, SaturationStatus candidate)
    {
        if (Finite(row.LimitMs) is not { } limit || Finite(row.DifferenceMs) is not { } difference)
        {
            return row;
        }

        if (row.Gate == VerdictStatus.NotMet && candidate.Saturated && difference - limit <= candidate.PeakLagP99Ms)
        {
            return row with { Gate = VerdictStatus.Inconclusive, Reason = Invariant($"{row.Reason}; but the candidate's harness was saturated ({candidate.Describe()}): its lag of {candidate.PeakLagP99Ms:0.##} ms could account for the {difference - limit:0.###} ms past the limit") };
        }

        if (row.Gate == VerdictStatus.Met && baseline.Saturated && limit - difference < baseline.PeakLagP99Ms)
        {
            return row with { Gate = VerdictStatus.Inconclusive, Reason = Invariant($"{row.Reason}; but the baseline's harness was saturated ({baseline.Describe()}): its lag of {baseline.PeakLagP99Ms:0.##} ms may have raised the baseline, and the candidate is within the limit by only {limit - difference:0.###} ms") };
        }

        return row;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
