using System.Globalization;
using System.Text.Json.Serialization;
using Harness.Load.Results;
using Harness.Reports.Claims;

namespace Harness.Reports.Overhead;

/// <summary>What a relay adds (<c>harness overhead</c>): per metric, via − direct with intervals, failures, claims.</summary>
public sealed record OverheadReport
{
    /// <summary>The direct endpoint.</summary>
    public required string Direct { get; init; }

    /// <summary>The relay.</summary>
    public required string Via { get; init; }

    /// <summary>Transport: <c>sse</c>, <c>sse-h2</c>, <c>ws</c>.</summary>
    public required string Transport { get; init; }

    /// <summary>Load point: <c>c8</c> (pairs in flight) or <c>r5</c> (pairs started per second).</summary>
    public required string LoadPoint { get; init; }

    /// <summary><c>warm</c> or <c>cold</c> connections.</summary>
    public required string Connections { get; init; }

    /// <summary>How long the run took, seconds.</summary>
    public double DurationSeconds { get; init; }

    /// <summary>Measured pairs.</summary>
    public long Pairs { get; init; }

    /// <summary>Pairs sent through the relay first (about half: the order is a seeded coin per pair).</summary>
    public long ViaFirstPairs { get; init; }

    /// <summary>Open model: pairs not sent because too many were in flight.</summary>
    public long SkippedPairs { get; init; }

    /// <summary>The run was cut short; the figures cover what finished.</summary>
    public bool Partial { get; init; }

    /// <summary>Why the harness stopped the run early (an endpoint that could not serve); null when it did not.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? StoppedBecause { get; init; }

    /// <summary>The harness process's own pauses over the run (null in reports made before they were recorded).</summary>
    public Harness.Load.Results.HarnessPauses? Pauses { get; init; }

    /// <summary>Pairs in which one of those pauses may have delayed either request's first token.</summary>
    public long PairsDelayed { get; init; }

    /// <summary>At most how many of each side's inter-token gaps those pauses widened; null in reports made before they were counted.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Harness.Load.Overhead.PausedGapCounts? GapsWidened { get; init; }

    /// <summary>The harness's own scheduling lag over the run (p99 of its read-lag probe); null when not probed.</summary>
    public Harness.Clients.HarnessResolution? Resolution { get; init; }

    /// <summary>True when the harness's lag p99 passed the saturation line: it was short of CPU, and verdicts its lag could turn are inconclusive.</summary>
    public bool Saturated => Resolution is { } own && own.LagP99Ms > Harness.Load.Results.SaturationStatus.DefaultThresholdMs;

    /// <summary>Pairs where only the relay failed: the relay's own failures.</summary>
    public long ViaOnlyFailures { get; init; }

    /// <summary>Pairs where only the direct request failed.</summary>
    public long DirectOnlyFailures { get; init; }

    /// <summary>Pairs where both failed.</summary>
    public long BothFailed { get; init; }

    /// <summary>Requests per outcome through the direct endpoint.</summary>
    public IReadOnlyDictionary<string, long> DirectOutcomes { get; init; } = new Dictionary<string, long>();

    /// <summary>Requests per outcome through the relay.</summary>
    public IReadOnlyDictionary<string, long> ViaOutcomes { get; init; } = new Dictionary<string, long>();

    /// <summary>Successful direct answers long enough to judge streamed or held back (0 in reports made before answers were judged).</summary>
    public long DirectJudgedStreams { get; init; }

    /// <summary>Of <see cref="DirectJudgedStreams"/>, those that came all at once.</summary>
    public long DirectBufferedStreams { get; init; }

    /// <summary>Successful answers through the relay long enough to judge (0 in reports made before answers were judged).</summary>
    public long ViaJudgedStreams { get; init; }

    /// <summary>Of <see cref="ViaJudgedStreams"/>, those that came all at once: the relay (or its upstream) held them back.</summary>
    public long ViaBufferedStreams { get; init; }

    /// <summary>
    /// When either side held most of its answers back (<see cref="BufferedAnswers.Mostly(long, long)"/>),
    /// which did, both sides' counts, and what that makes of the figures; null when neither did. The
    /// report's line and the verb's warning both say this: a relay that buffers is what its user must learn.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? HeldBack
    {
        get
        {
            bool direct = BufferedAnswers.Mostly(DirectBufferedStreams, DirectJudgedStreams), via = BufferedAnswers.Mostly(ViaBufferedStreams, ViaJudgedStreams);
            string d = Invariant($"{DirectBufferedStreams} of {DirectJudgedStreams}"), v = Invariant($"{ViaBufferedStreams} of {ViaJudgedStreams}");
            return (direct, via) switch
            {
                (false, true) => $"{v} answers through the relay came all at once, not streamed (direct: {d}): the relay holds answers back and sends them whole, so what it adds to TTFT is the rest of the generation, and its ITL times its own writes, not generation (arrival and e2e say what it adds to a token)",
                (true, false) => $"{d} direct answers came all at once, not streamed (through the relay: {v}): the upstream itself held them back, so the direct TTFT is the whole answer's time and its ITL times writes, not generation",
                (true, true) => $"{d} direct answers and {v} through the relay came all at once, not streamed: the upstream itself holds answers back, so on both paths TTFT is the whole answer's time and ITL times writes, not generation; whether the relay buffers too, this run cannot tell",
                _ => null,
            };
        }
    }

    /// <summary>The upstream's schedule in compact form when it is the harness's fake, else null.</summary>
    public string? Schedule { get; init; }

    /// <summary>Per metric, in report order; a metric neither side measured (connect on warm connections) is left out.</summary>
    public List<OverheadMetric> Metrics { get; init; } = [];

    /// <summary>The claims, judged on the overhead.</summary>
    public List<ClaimVerdict> Claims { get; init; } = [];

    /// <summary>Met when every claim is met; null without claims.</summary>
    public VerdictStatus? Overall { get; init; }

    /// <summary>How the figures and verdicts are computed.</summary>
    public required string Method { get; init; }

    /// <summary>Seed of the pair order and the bootstrap.</summary>
    public int Seed { get; init; }

    /// <summary>Bootstrap resamples.</summary>
    public int Resamples { get; init; }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
