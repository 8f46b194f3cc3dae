using System.Globalization;
using Harness.Clients;
using Harness.Load;
using Harness.Load.Results;

namespace Harness.Reports.Claims;

/// <summary>The claims that are shares or rates rather than percentiles: error share, goodput, throughput.</summary>
public static partial class ClaimVerifier
{
    private static ClaimVerdict Base(Claim claim, SeriesResult series, string unit, double threshold) => new()
    {
        Claim = claim.Text,
        Metric = claim.Subject,
        Percentile = 0,
        ThresholdMs = threshold,
        Unit = unit,
        Transport = series.Transport,
        LoadPoint = series.LoadPoint,
        Status = VerdictStatus.Inconclusive,
        Reason = string.Empty,
    };

    private static ClaimVerdict VerifyErrorShare(SeriesResult series, IReadOnlyList<RequestRow> rows, ErrorShareClaim claim)
    {
        long total, bad;
        string from;
        if (claim.Status is int status)
        {
            // Statuses are per request: only requests.csv has them.
            total = rows.Count;
            bad = rows.LongCount(r => r.Outcome == claim.Outcome && r.HttpStatus == status);
            from = FromRows(series, rows);
        }
        else
        {
            total = series.Ended;
            bad = claim.Outcome is { } outcome ? series.Outcomes.GetValueOrDefault(outcome.ToName()) : series.Errors;
            from = string.Empty;
        }

        return JudgeShare(Base(claim, series, "%", claim.Share * 100), claim.Comparison, claim.Share, bad, total, claim.Subject + from);
    }

    private static ClaimVerdict VerifyGoodput(SeriesResult series, IReadOnlyList<RequestRow> rows, GoodputClaim claim)
    {
        long good = rows.LongCount(r => r.Outcome == RequestOutcome.Ok && claim.IsGood(r.ValueOf));
        return JudgeShare(Base(claim, series, "%", claim.Share * 100), claim.Comparison, claim.Share, good, rows.Count, "goodput" + FromRows(series, rows));
    }

    // Claims judged per request read requests.csv, which a copy or a killed run can leave short.
    private static string FromRows(SeriesResult series, IReadOnlyList<RequestRow> rows) => rows.Count switch
    {
        _ when rows.Count >= series.Ended => string.Empty,
        0 => string.Create(CultureInfo.InvariantCulture, $" (requests.csv holds none of the series' {series.Ended} requests: missing or cut short?)"),
        _ => string.Create(CultureInfo.InvariantCulture, $" (from the {rows.Count} of {series.Ended} requests in requests.csv)"),
    };

    private static ClaimVerdict JudgeShare(ClaimVerdict verdict, ClaimComparison comparison, double limit, long k, long n, string what)
    {
        verdict = verdict with { SampleSize = n, MinimumSamples = 1 };
        if (n == 0)
        {
            return verdict with { Reason = $"no requests to judge {what}" };
        }

        var (low, high) = WilsonInterval.Of(k, n);
        double share = (double)k / n;
        verdict = verdict with { Estimate = share * 100, CiLow = low * 100, CiHigh = high * 100 };
        string range = string.Create(CultureInfo.InvariantCulture, $"{what} = {Claim.Percent(share)} ({k} of {n}), 95% CI [{Claim.Percent(low)}, {Claim.Percent(high)}]");
        bool lowHolds = ClaimComparisons.Holds(comparison, low, limit), highHolds = ClaimComparisons.Holds(comparison, high, limit);
        string bound = $"{ClaimComparisons.Symbol(comparison)} {Claim.Percent(limit)}";
        return (lowHolds, highHolds) switch
        {
            (true, true) => verdict with { Status = VerdictStatus.Met, Reason = $"{range}: the whole interval is {bound}" },
            (false, false) => verdict with { Status = VerdictStatus.NotMet, Reason = $"{range}: none of the interval is {bound}" },
            _ => verdict with { Reason = $"{range}: the interval straddles {Claim.Percent(limit)}{LongerRunToDecide(comparison, limit, share, n)}" },
        };
    }

    // How much longer a run with the same share would need for its interval to leave the limit:
    // the interval narrows as 1/√n around the share, so a share off the limit is decided in time.
    private static string LongerRunToDecide(ClaimComparison comparison, double limit, double share, long n)
    {
        bool Decided(double trials)
        {
            var (low, high) = WilsonInterval.Of(share, trials);
            return ClaimComparisons.Holds(comparison, low, limit) == ClaimComparisons.Holds(comparison, high, limit);
        }

        const double MostTimes = 1000;
        if (share == limit || !Decided(n * MostTimes))
        {
            return string.Empty;
        }

        double shorter = 1, longer = MostTimes;
        while (longer - shorter > 0.05)
        {
            double mid = (shorter + longer) / 2;
            (shorter, longer) = Decided(n * mid) ? (shorter, mid) : (mid, longer);
        }

        return string.Create(CultureInfo.InvariantCulture, $"; were it to stay at {Claim.Percent(share)}, a run about {Math.Ceiling(longer * 10) / 10:0.#}× as long would decide it");
    }

    private static ClaimVerdict VerifyThroughput(SeriesResult series, ThroughputClaim claim)
    {
        var verdict = Base(claim, series, claim.Unit, claim.Rate) with { SampleSize = series.Requests, MinimumSamples = 1 };
        bool tokens = claim.Unit == "tokens/s";
        if ((tokens ? series.TokenRate() : series.SucceededRate()) is not double rate)
        {
            return verdict with { Reason = "the series has no measured window" };
        }

        // Tokens are each request's usage when sent, else the tokenizer's count: the same counts goodput's tpot uses.
        double count = rate * series.DurationSeconds;
        string source = tokens && series.TokenAccounting is { } accounting ? $"; tokens per request from {Format.TokenSources(accounting)}" : string.Empty;
        string text = string.Create(CultureInfo.InvariantCulture, $"{claim.Unit} = {rate:0.#} ({count:0.#} over {series.DurationSeconds:0.#} s; a rate over the measured window, no interval{source})");
        if (!series.CountedInWindow)
        {
            // Older results counted every measured request whole, however far past the window it ran.
            return verdict with { Estimate = rate, Reason = $"{text}: results written before in-window counts, whose rate counts requests running past the window whole; rerun to judge" };
        }

        // A window shorter than one request holds parts of requests at its edges, which ramp up and
        // drain: its rate is off by up to the whole (a 1/3 s window of 1.08 s requests read 180
        // tokens/s against 231 over a long run), so it decides nothing.
        double window = series.Rounds is not { Count: > 1 } rounds ? series.DurationSeconds
            : rounds.All(r => r.DurationSeconds > 0) ? rounds.Min(r => r.DurationSeconds) : series.DurationSeconds / rounds.Count;
        if (series.Metrics.GetValueOrDefault(MetricNames.EndToEnd)?.P50 is double e2eMs && window < e2eMs / 1000)
        {
            return verdict with { Estimate = rate, Reason = string.Create(CultureInfo.InvariantCulture, $"{text}: but each measured window ({window:0.###} s) is shorter than one request (e2e p50 {e2eMs:0.#} ms), too short for a rate; give each window at least {Math.Ceiling(e2eMs / 100) / 10:0.#} s") };
        }

        return ClaimComparisons.Holds(claim.Comparison, rate, claim.Rate)
            ? verdict with { Status = VerdictStatus.Met, Estimate = rate, Reason = $"{text}: {ClaimComparisons.Symbol(claim.Comparison)} {claim.Rate.ToString(CultureInfo.InvariantCulture)}" }
            : verdict with { Status = VerdictStatus.NotMet, Estimate = rate, Reason = $"{text}: below {claim.Rate.ToString(CultureInfo.InvariantCulture)}" };
    }
}
