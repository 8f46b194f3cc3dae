using Harness.Reports.Cost;

namespace Harness.Reports;

/// <summary>Options of <see cref="ReportWriter.WriteAsync"/>.</summary>
public sealed record ReportOptions
{
    /// <summary>Prices to compute cost with (<c>--prices FILE</c>); null: tokens only.</summary>
    public PriceTable? Prices { get; init; }

    /// <summary>
    /// Input (prompt) tokens of the run, when the caller knows them; null: read the run setting
    /// <c>input_tokens</c> if present, else cost covers output tokens only (and says so).
    /// </summary>
    public long? InputTokens { get; init; }

    /// <summary>Sub-directory of the results directory the chart files go to.</summary>
    public string ChartsDirectory { get; init; } = "charts";
}
