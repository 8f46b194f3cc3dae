using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.Reports.Claims;

/// <summary>
/// A throughput claim over a series' measured window: <c>tokens/s &gt;= 2000</c> (every token
/// received) or <c>requests/s &gt;= 10</c> (requests that succeeded).
/// </summary>
public sealed partial record ThroughputClaim : Claim
{
    /// <summary><c>tokens/s</c> or <c>requests/s</c>.</summary>
    public required string Unit { get; init; }

    /// <summary><c>&gt;=</c> or <c>&gt;</c>.</summary>
    public required ClaimComparison Comparison { get; init; }

    /// <summary>The smallest allowed rate.</summary>
    public required double Rate { get; init; }

    /// <inheritdoc />
    public override string Subject => Unit;

    /// <inheritdoc />
    public override string Canonical => $"{Unit} {ClaimComparisons.Symbol(Comparison)} {Rate.ToString("0.###", CultureInfo.InvariantCulture)}";

    /// <summary>Parses <c>tokens/s &gt;= N</c> or <c>requests/s &gt;= N</c>.</summary>
    public static new ThroughputClaim Parse(string text)
    {
        var m = Pattern().Match(text.Trim());
        if (!m.Success)
        {
            throw new FormatException($"cannot read claim '{text}': expected \"tokens/s >= 2000\" or \"requests/s >= 10\"");
        }

        return new ThroughputClaim
        {
            Text = text.Trim(),
            Unit = m.Groups["unit"].Value.ToLowerInvariant(),
            Comparison = m.Groups["op"].Value == ">" ? ClaimComparison.GreaterThan : ClaimComparison.GreaterThanOrEqual,
            Rate = double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture),
        };
    }

    [GeneratedRegex(@"^(?<unit>tokens/s|requests/s)\s*(?<op>>=|>)\s*(?<value>\d+(\.\d+)?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
