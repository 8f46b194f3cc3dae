using System.Text.Json.Serialization;
using Harness.Clients;

namespace Harness.Load.Results;

/// <summary>
/// The results of one transport at one load point (a concurrency or a rate): counts, outcomes and
/// a summary per metric. The full histograms are in the run's <see cref="HistogramSet"/> under
/// the same <see cref="Transport"/> and <see cref="LoadPoint"/>.
/// </summary>
public sealed record SeriesResult
{
    /// <summary>Transport short name: <c>sse</c>, <c>sse-h2</c> or <c>ws</c>.</summary>
    public required string Transport { get; init; }

    /// <summary>Load point label used in tags and file names: <c>c10</c> (10 concurrent) or <c>r20</c> (20 requests/s).</summary>
    public required string LoadPoint { get; init; }

    /// <summary>Concurrent streams, for a closed model.</summary>
    public int? Concurrency { get; init; }

    /// <summary>Arrival rate in requests per second, for an open model.</summary>
    public double? RatePerSecond { get; init; }

    /// <summary><c>warm</c> (connections reused) or <c>cold</c> (a new connection per request).</summary>
    public string Connections { get; init; } = "warm";

    /// <summary>Measured seconds (warm-up excluded): the planned window, or the part run before an interruption.</summary>
    public double DurationSeconds { get; init; }

    /// <summary>Requests started in the measured window.</summary>
    public long Requests { get; init; }

    /// <summary>Requests by outcome name (<c>ok</c>, <c>truncated</c>, <c>http_error</c>, ...).</summary>
    public Dictionary<string, long> Outcomes { get; init; } = [];

    /// <summary>
    /// The first measured request that failed, as "outcome: what happened" (<c>connect_error: connection
    /// refused (127.0.0.1:8080)</c>), so that a report can name a failure's cause; null when none
    /// failed, and in results written before it was recorded.
    /// </summary>
    public string? FirstFailure { get; init; }

    /// <summary>
    /// Why the run stopped this series early because the endpoint evidently cannot serve it ("every
    /// one of the 7 warm-up requests failed (connect_error 7; first: connection refused (…))");
    /// null when it ran its course, and in results written before it was recorded.
    /// </summary>
    public string? StoppedBecause { get; init; }

    /// <summary>Requests that ended ok.</summary>
    [JsonIgnore]
    public long Succeeded => Outcomes.GetValueOrDefault(RequestOutcome.Ok.ToName());

    /// <summary>Requests that ended in anything but ok or stopped (cut off by an interruption).</summary>
    [JsonIgnore]
    public long Errors => Outcomes.Sum(o => IsError(o.Key) ? o.Value : 0);

    /// <summary>Requests that ended ok or in error: all but those an interruption stopped, which have no outcome to judge.</summary>
    [JsonIgnore]
    public long Ended => Succeeded + Errors;

    /// <summary>Whether every request that ended failed (and one did): a series that served nothing.</summary>
    [JsonIgnore]
    public bool FailedEveryRequest => Errors > 0 && Succeeded == 0;

    /// <summary>Whether an outcome name (a key of <see cref="Outcomes"/>) is a failure: any but <see cref="RequestOutcome.Ok"/>'s and <see cref="RequestOutcome.Stopped"/>'s, read through <see cref="OutcomeNames"/>.</summary>
    public static bool IsError(string outcomeName) => !OutcomeNames.TryParse(outcomeName, out RequestOutcome outcome) || outcome is not (RequestOutcome.Ok or RequestOutcome.Stopped);

    /// <summary>
    /// Several parts of one series (agents' shares, or its rounds) as one, in what adds whichever
    /// they are: requests, outcomes, late sends, judged and buffered streams, tokens (in all and in the window), successes in the window, retries and pauses added, the first failure of the first part that had one, the summaries
    /// those parts' added <paramref name="histograms"/> give. The rest is the first part's, for the
    /// caller to set (load, measured time, the fake's lateness, rounds).
    /// </summary>
    public static SeriesResult Add(IReadOnlyList<SeriesResult> parts, HistogramSet histograms)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(histograms);
        var outcomes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, count) in parts.SelectMany(p => p.Outcomes))
        {
            outcomes[name] = outcomes.GetValueOrDefault(name) + count;
        }

        var first = parts[0];
        return first with
        {
            Requests = parts.Sum(p => p.Requests),
            Outcomes = outcomes,
            LateSends = parts.Sum(p => p.LateSends),
            FailedConnects = parts.Sum(p => p.FailedConnects),
            FailedTlsHandshakes = parts.Sum(p => p.FailedTlsHandshakes),
            JudgedStreams = parts.Sum(p => p.JudgedStreams),
            BufferedStreams = parts.Sum(p => p.BufferedStreams),
            Tokens = parts.Sum(p => p.Tokens),
            WindowTokens = SumOrNull(parts.Select(p => p.WindowTokens)),
            WindowSucceeded = SumOrNull(parts.Select(p => p.WindowSucceeded)),
            TokenAccounting = OutputTokenAccounting.Merge(parts.Select(p => p.TokenAccounting)),
            Retries = parts.Sum(p => p.Retries),
            HarnessPauses = HarnessPauses.Merge(parts.Select(p => p.HarnessPauses)),
            FirstFailure = parts.Select(p => p.FirstFailure).FirstOrDefault(f => f is not null),
            StoppedBecause = parts.Select(p => p.StoppedBecause).FirstOrDefault(f => f is not null),
            Metrics = histograms.SummariesOf(first.Transport, first.LoadPoint),
        };
    }

    private static double? SumOrNull(IEnumerable<double?> parts)
    {
        double sum = 0;
        foreach (double? part in parts)
        {
            if (part is not double value)
            {
                return null; // one part from older results: the whole has no window count
            }

            sum += value;
        }

        return sum;
    }

    /// <summary>
    /// Requests that failed opening their own new connection (refused, unresolved, timed out, TLS
    /// failing): no connect time, so a connect claim counts each past any value. 0 in results from before it.
    /// </summary>
    public long FailedConnects { get; init; }

    /// <summary>Of <see cref="FailedConnects"/>, those that connected but failed the TLS handshake: counted past any TLS value. 0 in results from before it.</summary>
    public long FailedTlsHandshakes { get; init; }

    /// <summary>Open model: sends that could not go out on time (counted, never silently skipped).</summary>
    public long LateSends { get; init; }

    /// <summary>
    /// Successful requests long enough to judge whether their content streamed
    /// (<see cref="Harness.Clients.Incrementality"/>); 0 in results from before it was recorded.
    /// </summary>
    public long JudgedStreams { get; init; }

    /// <summary>
    /// Of <see cref="JudgedStreams"/>, those whose content arrived (nearly) at once: a server or proxy
    /// buffered the answer (<see cref="BufferedAnswers"/>).
    /// </summary>
    public long BufferedStreams { get; init; }

    /// <summary>Output tokens received: per request usage when sent, else the tokenizer's count, else content deltas (<see cref="TokenAccounting"/>).</summary>
    public long Tokens { get; init; }

    /// <summary>
    /// The part of output tokens that arrived inside the measured window (each request's tokens times
    /// its share of content arrivals in it, warm-up requests running into it included): what
    /// <see cref="TokenRate"/> divides. Null in results from before it was recorded.
    /// </summary>
    public double? WindowTokens { get; init; }

    /// <summary>
    /// Successful requests counted by the share of each one's time that fell inside the measured
    /// window: what <see cref="SucceededRate"/> divides. Null in results from before it was recorded.
    /// </summary>
    public double? WindowSucceeded { get; init; }

    /// <summary>False for results written before <see cref="WindowTokens"/> and <see cref="WindowSucceeded"/> existed: their rates are the old whole-request counts over the window.</summary>
    [JsonIgnore]
    public bool CountedInWindow => WindowTokens is not null && WindowSucceeded is not null;

    /// <summary>
    /// Output tokens per second over the measured window (<see cref="WindowTokens"/> ÷
    /// <see cref="DurationSeconds"/>); null without a window. For older results (not
    /// <see cref="CountedInWindow"/>) every measured request's tokens, which overstates a short run.
    /// </summary>
    public double? TokenRate() => DurationSeconds > 0 ? (WindowTokens ?? Tokens) / DurationSeconds : null;

    /// <summary>Successful requests per second over the measured window (<see cref="WindowSucceeded"/> ÷ <see cref="DurationSeconds"/>), as <see cref="TokenRate"/>.</summary>
    public double? SucceededRate() => DurationSeconds > 0 ? (WindowSucceeded ?? Succeeded) / DurationSeconds : null;

    /// <summary>Where <see cref="Tokens"/> came from (usage, the tokenizer, deltas) and the usage-vs-counted mismatch report; null in results from before it existed.</summary>
    public OutputTokenAccounting? TokenAccounting { get; init; }

    /// <summary>Retries made for 429/503 (their waits are not in any latency).</summary>
    public long Retries { get; init; }

    /// <summary>
    /// The embedded fake's own lateness in the measured window (null against a real endpoint). After an
    /// agents' merge each figure is the worst agent's: each agent had its own fake, whose percentiles
    /// cannot be added, and the worst keeps the merged answer no bolder than the agents'.
    /// </summary>
    public ServerLateness? FakeLateness { get; init; }

    /// <summary>The harness process's own pauses in the measured window and the requests whose TTFT they may have delayed (null in results written before they were recorded).</summary>
    public HarnessPauses? HarnessPauses { get; init; }

    /// <summary>Summary per metric name (<see cref="MetricNames"/>).</summary>
    public Dictionary<string, MetricSummary> Metrics { get; init; } = [];

    /// <summary>
    /// Each round's own summaries when the series was measured in interleaved rounds (<c>compare
    /// --rounds</c>, in run order); null for a series measured in one block, after an agents' merge
    /// (their rounds overlap in time, so their percentiles cannot be added) and in older results.
    /// </summary>
    public List<RoundResult>? Rounds { get; init; }

    /// <summary>
    /// Measurements of a round that were set aside and the round measured again, because the machine
    /// stood still in them (<see cref="RoundResult.SetAsideBecause"/>): none of their requests are in
    /// this series' figures, histograms or rows (their rows are in the results directory's
    /// <c>set-aside/</c>). Null when none was.
    /// </summary>
    public List<RoundResult>? SetAside { get; init; }

    /// <summary>
    /// After an agents' merge, the worst agent's own lag for this series (see <see cref="Results.AgentsLag"/>);
    /// null for a single process and in older results.
    /// </summary>
    public AgentsLag? AgentsLag { get; init; }

    /// <summary>The series' error bound (derived, written for readers): its lag p99 (the worst agent's when larger, after a merge) plus the embedded fake's lateness p99.</summary>
    public Harness.Clients.HarnessResolution Resolution => new(
        Math.Max(SaturationStatus.LagP99Of(Metrics), AgentsLag?.LagP99Ms ?? 0),
        Math.Max(Metrics.GetValueOrDefault(MetricNames.StartDelay)?.Count ?? 0, Metrics.GetValueOrDefault(MetricNames.ReadDelay)?.Count ?? 0),
        FakeLateness?.P99Ms);

    /// <summary>
    /// <see cref="Resolution"/>, with <paramref name="runLagP99Ms"/> as its lag when the series carries no
    /// probe samples of its own (results written before the probes were per series).
    /// </summary>
    public Harness.Clients.HarnessResolution ResolutionOr(double runLagP99Ms) =>
        Resolution is { LagSamples: 0 } own ? own with { LagP99Ms = runLagP99Ms } : Resolution;
}
