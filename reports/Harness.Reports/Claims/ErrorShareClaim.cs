using System.Text.RegularExpressions;
using Harness.Clients;

namespace Harness.Reports.Claims;

/// <summary>
/// An error-share claim: <c>errors &lt; 1%</c> (every outcome but ok), <c>timeout &lt; 0.1%</c> (one
/// outcome), <c>http_error(429) &lt; 0.5%</c> (one outcome with one HTTP status). The share is of
/// every measured request of the series.
/// </summary>
public sealed partial record ErrorShareClaim : Claim
{
    /// <summary>The outcome counted (<c>http_error</c>, <c>timeout</c>, ...); null for every outcome but ok.</summary>
    public RequestOutcome? Outcome { get; init; }

    /// <summary>The HTTP status counted with <see cref="Outcome"/>, if given.</summary>
    public int? Status { get; init; }

    /// <summary><c>&lt;</c> or <c>&lt;=</c>.</summary>
    public required ClaimComparison Comparison { get; init; }

    /// <summary>The largest allowed share, 0–1.</summary>
    public required double Share { get; init; }

    /// <inheritdoc />
    public override string Subject => (Outcome?.ToName() ?? "errors") + (Status is int s ? $"({s})" : string.Empty);

    /// <inheritdoc />
    public override string Canonical => $"{Subject} {ClaimComparisons.Symbol(Comparison)} {Percent(Share)}";

    /// <summary>Parses <c>NAME[(STATUS)] &lt; N%</c>.</summary>
    public static new ErrorShareClaim Parse(string text)
    {
        var m = Pattern().Match(text.Trim());
        if (!m.Success)
        {
            throw new FormatException($"cannot read claim '{text}': expected an error share like \"errors < 1%\" or \"http_error(429) < 0.5%\"");
        }

        string name = m.Groups["name"].Value.ToLowerInvariant();
        string op = m.Groups["op"].Value;
        if (op[0] == '>')
        {
            throw new FormatException($"claim '{text}': an error share is claimed below a limit (like \"errors < 1%\"), not above it");
        }

        // A claim no run can meet is a typo, not a gate: it would fail or stall every pipeline it
        // guards. "<= 0%" is one too: none in n requests still leaves a Wilson interval reaching
        // about 384/n %, so it could only ever be inconclusive or not met.
        if (ParseShare(m.Groups["value"].Value, "%", text) == 0)
        {
            string subject = name + (m.Groups["status"].Success ? $"({m.Groups["status"].Value})" : string.Empty);
            throw new FormatException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"claim '{text}' can never be met: no finite run proves a share of 0% (with none in n requests, the 95% interval still reaches about 384/n %); claim a small bound instead, like \"{subject} < 1%\", which a run of {RequestsToMeet(0.01)} or more requests with none meets"));
        }

        return new ErrorShareClaim
        {
            Text = text.Trim(),
            Outcome = name == "errors" ? null
                : name == "ok" ? throw new FormatException($"claim '{text}': 'ok' is not an error; use goodput")
                : OutcomeNames.TryParse(name, out RequestOutcome outcome) ? outcome
                : throw new FormatException($"claim '{text}': '{name}' is not an outcome ({string.Join(", ", Enum.GetValues<RequestOutcome>().Where(o => o != RequestOutcome.Ok).Select(o => o.ToName()))}, or errors for all of them)"),
            Status = m.Groups["status"].Success ? int.Parse(m.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture) : null,
            Comparison = op == "<=" ? ClaimComparison.LessThanOrEqual : ClaimComparison.LessThan,
            Share = ParseShare(m.Groups["value"].Value, "%", text),
        };
    }

    /// <summary>
    /// The fewest requests, none of them counted, that meet "&lt; <paramref name="limit"/>": the
    /// smallest n whose Wilson interval at 0 of n lies below the limit (381 for 1%).
    /// </summary>
    public static long RequestsToMeet(double limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        long n = 1;
        while (WilsonInterval.Of(0, n).High >= limit)
        {
            n *= 2;
        }

        // The upper bound falls as n grows: bisect between n/2 (not below) and n (below).
        long low = n / 2, high = n;
        while (high - low > 1)
        {
            long mid = low + ((high - low) / 2);
            (low, high) = WilsonInterval.Of(0, mid).High < limit ? (low, mid) : (mid, high);
        }

        return high;
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)\s*(\(\s*(?<status>[1-5][0-9]{2})\s*\))?\s*(?<op><=|<|>=|>)\s*(?<value>\d+(\.\d+)?)\s*%$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
