using System.Globalization;
using Harness.Load.Results;
using Harness.Reports.Claims;

namespace Harness.Reports.Diff;

/// <summary>
/// Compares two series' failed shares: candidate − baseline with Newcombe's hybrid score 95% interval
/// (method 10: each side's Wilson interval, combined), honest at 0 failures and small counts where a
/// normal approximation is not. The gate fails only a rise past the allowance that the interval
/// shows beyond doubt; the latency rows, which count failures as +∞ as verify does, carry the rest.
/// </summary>
public static class ErrorShareDifference
{
    /// <summary>The row for one matched series.</summary>
    public static ErrorShareRow Compare(SeriesResult baseline, SeriesResult candidate, RegressionLimit limit)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(limit);
        long kb = baseline.Errors, nb = baseline.Ended, kc = candidate.Errors, nc = candidate.Ended;
        var row = new ErrorShareRow
        {
            Transport = baseline.Transport,
            LoadPoint = baseline.LoadPoint,
            BaselineFailed = kb,
            BaselineEnded = nb,
            CandidateFailed = kc,
            CandidateEnded = nc,
            Gate = VerdictStatus.Inconclusive,
            Reason = string.Empty,
        };
        if (nb == 0 || nc == 0)
        {
            return row with { Reason = $"failed share: no requests ended in the {(nb == 0 ? "baseline" : "candidate")}" };
        }

        double pb = (double)kb / nb, pc = (double)kc / nc;
        var (lb, ub) = WilsonInterval.Of(kb, nb);
        var (lc, uc) = WilsonInterval.Of(kc, nc);
        double d = pc - pb;
        double low = d - Math.Sqrt(((pc - lc) * (pc - lc)) + ((ub - pb) * (ub - pb)));
        double high = d + Math.Sqrt(((uc - pc) * (uc - pc)) + ((pb - lb) * (pb - lb)));
        // A time limit says nothing about failures: any rise beyond doubt fails.
        double allowed = limit.IsRelative ? limit.Value * pb : 0;
        string range = string.Create(CultureInfo.InvariantCulture, $"failed {Claim.Percent(pb)} ({kb} of {nb}) → {Claim.Percent(pc)} ({kc} of {nc}), Δ {Points(d)}, 95% CI [{Points(low)}, {Points(high)}], allowed +{Points(allowed)}");
        row = row with { Difference = d, CiLow = low, CiHigh = high, Allowed = allowed };
        return low > allowed
            ? row with { Gate = VerdictStatus.NotMet, Reason = $"{range}: the candidate fails more requests than allowed, beyond doubt{Outcomes(candidate)}" }
            : row with { Gate = VerdictStatus.Met, Reason = $"{range}: no rise past the allowance beyond doubt" };
    }

    private static string Points(double share) =>
        string.Create(CultureInfo.InvariantCulture, $"{share * 100:+0.###;-0.###;0} pt");

    private static string Outcomes(SeriesResult series)
    {
        var failed = series.Outcomes.Where(o => SeriesResult.IsError(o.Key) && o.Value > 0).OrderByDescending(o => o.Value).Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Key} {o.Value}")).ToList();
        return failed.Count == 0 ? string.Empty : $" ({string.Join(", ", failed)})";
    }
}
