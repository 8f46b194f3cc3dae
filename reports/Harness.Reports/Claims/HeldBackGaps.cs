using Harness.Load.Results;

namespace Harness.Reports.Claims;

/// <summary>
/// A claim on the gaps between tokens (<c>itl</c>, <c>tpot</c>) met by answers that mostly came all
/// at once (<see cref="BufferedAnswers"/>) was met by a relay's writes of a whole answer, not by
/// generation: it proves nothing either way, so it is inconclusive. A claim not met stands, and so
/// do TTFT, arrival and e2e: they are what a user waited. One rule for <c>verify</c> and <c>overhead</c>.
/// </summary>
internal static class HeldBackGaps
{
    /// <summary>
    /// <paramref name="verdict"/>, made inconclusive when it is a met gap claim and
    /// <paramref name="heldBack"/>; its reason then goes on with "; but " and <paramref name="why"/>.
    /// </summary>
    public static ClaimVerdict Weigh(ClaimVerdict verdict, bool heldBack, Func<string> why) =>
        verdict.Status == VerdictStatus.Met && verdict.Metric is MetricNames.Itl or MetricNames.Tpot && heldBack
            ? verdict with { Status = VerdictStatus.Inconclusive, Reason = $"{verdict.Reason}; but {why()}" }
            : verdict;
}
