using System.Globalization;
using Harness.Load.Results;
using Harness.Reports.Claims;

namespace Harness.Reports.Decision;

/// <summary>
/// The transports' failures at one load point, compared before any latency: a transport whose error
/// share's 95% Wilson interval lies wholly above the most reliable transport's is the worse one
/// there, whatever the latency of what it did deliver.
/// </summary>
public sealed record ErrorComparison
{
    /// <summary>Each transport's failures, in report order.</summary>
    public List<TransportErrors> Transports { get; init; } = [];

    /// <summary>The transport with the lowest error share.</summary>
    public required string MostReliable { get; init; }

    /// <summary>Transports that failed detectably more requests than <see cref="MostReliable"/>.</summary>
    public List<string> Worse { get; init; } = [];

    /// <summary>True when some transport failed a request here.</summary>
    public bool AnyFailed => Transports.Exists(t => t.Failed > 0);

    /// <summary>The comparison in one sentence.</summary>
    public required string Answer { get; init; }

    /// <summary>
    /// The comparison of <paramref name="series"/> (one load point's transports): by each error
    /// share's Wilson interval, honest at 0 or n failures and at small n.
    /// </summary>
    public static ErrorComparison Of(IReadOnlyList<SeriesResult> series)
    {
        var each = series.Select(s =>
        {
            var (low, high) = WilsonInterval.Of(s.Errors, s.Ended);
            return new TransportErrors
            {
                Transport = s.Transport,
                Ended = s.Ended,
                Failed = s.Errors,
                Outcomes = s.Outcomes.Where(o => o.Value > 0 && SeriesResult.IsError(o.Key)).ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal),
                FirstFailure = s.Errors > 0 ? s.FirstFailure : null,
                ShareLow = s.Ended > 0 ? low : 0,
                ShareHigh = s.Ended > 0 ? high : 1,
            };
        }).ToList();
        var best = each.Where(e => e.Ended > 0).MinBy(e => (double)e.Failed / e.Ended) ?? each[0];
        var worse = each.Where(e => e != best && e.Ended > 0 && e.ShareLow > best.ShareHigh).ToList();
        string answer;
        string Counts(IEnumerable<TransportErrors> these) => string.Join(", ", these.Select(e => Invariant($"{TransportPalette.LabelOf(e.Transport)} {e.Failed} of {e.Ended}")));
        if (each.All(e => e.Failed == 0))
        {
            answer = "none failed";
        }
        else if (worse.Count == 0)
        {
            // Kept short: a difference chance could make is not the answer's lead.
            answer = $"no detectable difference in error rate ({Counts(each)} failed)";
        }
        else
        {
            // The worse transport's failures with their cause, then the comparison that makes it worse.
            string Share(TransportErrors e) => Invariant($"{e.ShareLow * 100:0.#}–{e.ShareHigh * 100:0.#}%");
            answer = string.Join("; ", worse.Select(w => Invariant($"{TransportPalette.LabelOf(w.Transport)} failed {w.Failed} of {w.Ended} requests ({string.Join(", ", w.Outcomes.Select(o => Invariant($"{o.Key} {o.Value}")))}{RunFailure.FirstFailureText([w.FirstFailure], w.Outcomes.Count)})")))
                + $": more than {Counts([best])} (95% Wilson intervals {string.Join(", ", worse.Select(Share))} against {Share(best)})";
        }

        return new ErrorComparison { Transports = each, MostReliable = best.Transport, Worse = [.. worse.Select(w => w.Transport)], Answer = answer };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
