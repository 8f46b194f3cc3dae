using System.Globalization;

namespace Harness.Reports.Claims;

/// <summary>
/// A service-level claim in the one grammar shared by <c>verify --claim</c>, <c>--threshold</c> on
/// compare and load, and a scenario file's <c>thresholds</c>: a latency percentile
/// (<c>ttft p95 &lt; 500ms</c>), an error share (<c>errors &lt; 1%</c>, <c>http_error(429) &lt; 0.5%</c>),
/// goodput (<c>goodput &gt;= 95% where ttft &lt; 500ms, e2e &lt; 10s</c>) or throughput
/// (<c>tokens/s &gt;= 2000</c>). Judged per transport series by <see cref="ClaimVerifier"/>.
/// </summary>
public abstract record Claim
{
    /// <summary>The claim as written by the user.</summary>
    public required string Text { get; init; }

    /// <summary>What is judged, as a short name: <c>ttft</c>, <c>errors</c>, <c>http_error(429)</c>, <c>goodput</c>, <c>tokens/s</c>.</summary>
    public abstract string Subject { get; }

    /// <summary>The claim in canonical form.</summary>
    public abstract string Canonical { get; }

    /// <summary>Parses any claim of the grammar.</summary>
    /// <exception cref="FormatException">Not a claim; the message shows the accepted forms.</exception>
    public static Claim Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        string first = trimmed.Split([' ', '<', '>', '=', '\t'], 2, StringSplitOptions.RemoveEmptyEntries) is [var head, ..] ? head.ToLowerInvariant() : string.Empty;
        if (first == "goodput")
        {
            return GoodputClaim.Parse(trimmed);
        }

        if (first.EndsWith("/s", StringComparison.Ordinal))
        {
            return ThroughputClaim.Parse(trimmed);
        }

        if (first == "errors" || first.Contains('(', StringComparison.Ordinal) || trimmed.EndsWith('%'))
        {
            return ErrorShareClaim.Parse(trimmed);
        }

        try
        {
            return LatencyClaim.Parse(trimmed);
        }
        catch (FormatException ex) when (ex.Message.StartsWith("cannot read claim", StringComparison.Ordinal))
        {
            throw new FormatException(
                $"cannot read claim '{text}': expected one of \"ttft p95 < 50ms\" (latency), \"errors < 1%\" or \"http_error(429) < 0.5%\" (error share), "
                + "\"goodput >= 95% where ttft < 500ms, e2e < 10s\", \"tokens/s >= 2000\" (or requests/s)");
        }
    }

    /// <summary>A share written <c>1%</c>, <c>0.5 %</c> or <c>0.01</c>, as a fraction 0–1.</summary>
    internal static double ParseShare(string value, string unit, string text)
    {
        double number = double.Parse(value, CultureInfo.InvariantCulture);
        double share = unit == "%" ? number / 100 : number;
        return share is >= 0 and <= 1 ? share : throw new FormatException($"the share in claim '{text}' must be 0–100%");
    }

    /// <summary>A share as text: <c>1.5%</c>.</summary>
    internal static string Percent(double share) => (share * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%";
}
