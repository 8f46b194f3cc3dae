using System.Text.RegularExpressions;

namespace Harness.Reports.Claims;

/// <summary>
/// A goodput claim, as genai-perf and DistServe define goodput: the share of requests that
/// succeeded AND met every per-request SLO, e.g. <c>goodput &gt;= 95% where ttft &lt; 500ms, e2e &lt; 10s</c>.
/// A failed request is never good, whatever its timings.
/// </summary>
public sealed partial record GoodputClaim : Claim
{
    /// <summary>The per-request metrics a condition may name (those with one value per request).</summary>
    public static IReadOnlyList<string> Metrics { get; } = ["ttfb", "ttfc", "ttft", "e2e", "tpot"];

    /// <summary><c>&gt;=</c> or <c>&gt;</c>.</summary>
    public required ClaimComparison Comparison { get; init; }

    /// <summary>The smallest allowed share of good requests, 0–1.</summary>
    public required double Share { get; init; }

    /// <summary>The per-request SLOs every good request meets: metric, comparison, limit in ms.</summary>
    public required IReadOnlyList<(string Metric, ClaimComparison Comparison, double LimitMs)> Conditions { get; init; }

    /// <inheritdoc />
    public override string Subject => "goodput";

    /// <inheritdoc />
    public override string Canonical =>
        $"goodput {ClaimComparisons.Symbol(Comparison)} {Percent(Share)} where "
        + string.Join(", ", Conditions.Select(c => $"{c.Metric} {ClaimComparisons.Symbol(c.Comparison)} {c.LimitMs.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} ms"));

    /// <summary>Whether one request's values (ms, null when it has none) meet every condition.</summary>
    public bool IsGood(Func<string, double?> valueOf)
    {
        ArgumentNullException.ThrowIfNull(valueOf);
        foreach (var (metric, comparison, limit) in Conditions)
        {
            if (valueOf(metric) is not double value || !ClaimComparisons.Holds(comparison, value, limit))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses <c>goodput &gt;= N% where METRIC &lt; VALUE[unit], ...</c>.</summary>
    public static new GoodputClaim Parse(string text)
    {
        var m = Pattern().Match(text.Trim());
        if (!m.Success)
        {
            throw new FormatException($"cannot read claim '{text}': expected \"goodput >= 95% where ttft < 500ms, e2e < 10s\"");
        }

        var conditions = new List<(string, ClaimComparison, double)>();
        foreach (string part in Regex.Split(m.Groups["conds"].Value, @"\s*,\s*|\s+and\s+", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1)))
        {
            var c = ConditionPattern().Match(part.Trim());
            if (!c.Success)
            {
                throw new FormatException($"cannot read condition '{part}' in claim '{text}': expected METRIC < VALUE like \"ttft < 500ms\" (metrics: {string.Join(", ", Metrics)})");
            }

            string metric = c.Groups["metric"].Value.ToLowerInvariant();
            if (!Metrics.Contains(metric))
            {
                throw new FormatException($"unknown per-request metric '{metric}' in claim '{text}' (metrics: {string.Join(", ", Metrics)})");
            }

            double limit = double.Parse(c.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture) * LatencyClaim.UnitScale(c.Groups["unit"].Value);
            conditions.Add((metric, c.Groups["op"].Value == "<=" ? ClaimComparison.LessThanOrEqual : ClaimComparison.LessThan, limit));
        }

        // As "errors <= 0%": every request good in n still leaves a Wilson interval reaching down to
        // about 1 − 3.84/n, so ">= 100%" could only ever be inconclusive or not met, and "> 100%" is
        // no share at all. Either would fail or stall every pipeline it guards.
        if (ParseShare(m.Groups["value"].Value, "%", text) == 1)
        {
            string where = m.Groups["conds"].Value.Trim();
            throw new FormatException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"claim '{text}' can never be met: {(m.Groups["op"].Value == ">" ? "no share is above 100%" : "no finite run proves a share of 100%")}; claim a bound below it instead, like \"goodput >= 99% where {where}\", which a run of {ErrorShareClaim.RequestsToMeet(0.01)} or more requests, all good, meets"));
        }

        return new GoodputClaim
        {
            Text = text.Trim(),
            Comparison = m.Groups["op"].Value == ">" ? ClaimComparison.GreaterThan : ClaimComparison.GreaterThanOrEqual,
            Share = ParseShare(m.Groups["value"].Value, "%", text),
            Conditions = conditions,
        };
    }

    [GeneratedRegex(@"^goodput\s*(?<op>>=|>)\s*(?<value>\d+(\.\d+)?)\s*%\s+where\s+(?<conds>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    [GeneratedRegex(@"^(?<metric>[a-z0-9_]+)\s*(?<op><=|<)\s*(?<value>\d+(\.\d+)?)\s*(?<unit>ms|s|us|µs)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConditionPattern();
}
