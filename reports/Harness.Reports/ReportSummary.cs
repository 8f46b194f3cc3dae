using Harness.Load.Results;
using Harness.Reports.Claims;
using Harness.Reports.Cost;
using Harness.Reports.Decision;

namespace Harness.Reports;

/// <summary>The content of <c>summary.json</c>: the report's figures for machines.</summary>
public sealed record ReportSummary
{
    /// <summary>Scenario name.</summary>
    public required string Name { get; init; }

    /// <summary>What was measured.</summary>
    public string Target { get; init; } = string.Empty;

    /// <summary>Model requested.</summary>
    public string Model { get; init; } = string.Empty;

    /// <summary>Measurement start.</summary>
    public DateTimeOffset StartedUtc { get; init; }

    /// <summary>Measurement end.</summary>
    public DateTimeOffset EndedUtc { get; init; }

    /// <summary>Stopped early, or merged from some of the run's agents only (<see cref="MissingAgents"/>).</summary>
    public bool Partial { get; init; }

    /// <summary>The run's agents not merged into these results (<c>2/2</c>); empty when none is missing.</summary>
    public List<string> MissingAgents { get; init; } = [];

    /// <summary>Whether the harness was the bottleneck; when saturated, figures describe the client.</summary>
    public required SaturationStatus Saturation { get; init; }

    /// <summary>The warning shown when saturated, else null.</summary>
    public string? SaturationWarning { get; init; }

    /// <summary>
    /// "every request failed (…; first: …)" when no request of the run succeeded, as the load verbs'
    /// stderr says it (<see cref="RunFailure"/>); shown first, above the answer. Null when one succeeded.
    /// </summary>
    public string? FailureWarning { get; init; }

    /// <summary>
    /// The series whose answers mostly came all at once (<see cref="BufferedAnswers"/>), as stderr
    /// says it; shown above the answer, whose TTFT and gap rows they would mislead. Null when none.
    /// </summary>
    public string? BufferedWarning { get; init; }

    /// <summary>Run settings.</summary>
    public Dictionary<string, string> Settings { get; init; } = [];

    /// <summary>The machine.</summary>
    public required MachineInfo Machine { get; init; }

    /// <summary>Every series with its outcome counts and metric summaries.</summary>
    public List<SeriesResult> Series { get; init; } = [];

    /// <summary>Output tokens of the whole run.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Input tokens of the whole run, when known.</summary>
    public long? InputTokens { get; init; }

    /// <summary>Tokens (and cost) per series.</summary>
    public List<SeriesTokens> TokensBySeries { get; init; } = [];

    /// <summary>Cost of the run, when a price table was given and priced the model.</summary>
    public CostEstimate? Cost { get; init; }

    /// <summary>Why there is no cost (no price table, model not in it), else null.</summary>
    public string? CostNote { get; init; }

    /// <summary>The answer the report leads with: which transport is faster per load point (null with one transport).</summary>
    public TransportDecision? Decision { get; init; }

    /// <summary>Claim verdicts from <c>verdicts.json</c>, when present.</summary>
    public VerdictFile? Verdicts { get; init; }

    /// <summary>Chart files, relative to the results directory.</summary>
    public List<string> Charts { get; init; } = [];
}
