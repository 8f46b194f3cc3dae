namespace Harness.Reports.Claims;

/// <summary>One measured request as <c>requests.csv</c> has it (times in ms from the intended start; null when not reached).</summary>
/// <param name="Outcome">The outcome name (<c>ok</c>, <c>http_error</c>, ...).</param>
/// <param name="HttpStatus">The HTTP status, when there was a response.</param>
/// <param name="TtfbMs">Time to the response headers.</param>
/// <param name="TtfcMs">Time to the first chunk.</param>
/// <param name="TtftMs">Time to the first token.</param>
/// <param name="E2eMs">Time to the end.</param>
/// <param name="Tokens">Tokens received.</param>
public sealed record RequestRow(string Outcome, int? HttpStatus, double? TtfbMs, double? TtfcMs, double? TtftMs, double? E2eMs, int Tokens)
{
    /// <summary>The value of a per-request metric (<c>tpot</c>: time per output token after the first).</summary>
    public double? ValueOf(string metric) => metric switch
    {
        "ttfb" => TtfbMs,
        "ttfc" => TtfcMs,
        "ttft" => TtftMs,
        "e2e" => E2eMs,
        "tpot" => Tokens > 1 && E2eMs is double e && TtftMs is double t ? (e - t) / (Tokens - 1) : null,
        _ => null,
    };
}
