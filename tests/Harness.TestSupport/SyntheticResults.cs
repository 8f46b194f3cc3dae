using System.Globalization;
using Harness.Clients;
using Harness.Load;
using Harness.Load.Results;

namespace Harness.TestSupport;

/// <summary>
/// Seeded fake results in the load engine's format: sse, sse-h2 and ws at c1, c10 and c100, with a
/// first-token time around <see cref="TtftMs"/> (like the fake server's <c>ttft=100</c>), inter-token
/// gaps around 20 ms, histograms, timeseries.csv and requests.csv.
/// </summary>
public sealed class SyntheticResults
{
    public double TtftMs { get; init; } = 100;

    public double ItlMs { get; init; } = 20;

    public int TokensPerRequest { get; init; } = 50;

    public int RequestsPerSeries { get; init; } = 400;

    public bool Saturated { get; init; }

    /// <summary>Marks the run partial, as an interrupted one is.</summary>
    public bool Partial { get; init; }

    public int Seed { get; init; } = 7;

    /// <summary>The run's target as results.json holds it.</summary>
    public string Target { get; init; } = "embedded fake";

    public string[] Transports { get; init; } = ["sse", "sse-h2", "ws"];

    public int[] Concurrencies { get; init; } = [1, 10, 100];

    /// <summary>
    /// When set, every series gets the embedded fake's lateness (p99 0.3 ms, p99.9 0.6 ms, max 1.5 ms)
    /// and this series ("transport/loadPoint") the given p99.9 and max instead.
    /// </summary>
    public (string Series, double P999Ms, double MaxMs)? FakeLate { get; init; }

    /// <summary>
    /// When set, this series ("transport/loadPoint") had the machine stand still once for the given
    /// time (the harness's real-time probe that late; every other series probed, with no such pause),
    /// as a run against an endpoint other than the embedded fake records it.
    /// </summary>
    public (string Series, double MaxMs)? MachineStood { get; init; }

    /// <summary>
    /// When set, this series ("transport/loadPoint") counts this many of its successful answers as
    /// having come all at once (<see cref="SeriesResult.BufferedStreams"/>); every series judges them all.
    /// </summary>
    public (string Series, long Buffered)? HeldBack { get; init; }

    /// <summary>
    /// When set, this series ("transport/loadPoint") records 10 requests a harness pause (up to 30 ms)
    /// may have delayed, and the others' TTFT percentiles this many ms below the series' own.
    /// </summary>
    public (string Series, double DropMs)? Paused { get; init; }

    /// <summary>
    /// With <see cref="Paused"/>, the same pauses may also have delayed 10 requests' ends: the others'
    /// e2e percentiles are this many ms lower than the series' own.
    /// </summary>
    public double? PausedEndsDropMs { get; init; }

    /// <summary>
    /// With <see cref="Paused"/>, the same pauses may also have delayed 10 requests' response headers:
    /// the others' TTFB percentiles are this many ms lower than the series' own.
    /// </summary>
    public double? PausedHeadersDropMs { get; init; }

    /// <summary>Writes a complete results directory into a new temp directory and returns it.</summary>
    public string WriteToTemp()
    {
        string dir = Path.Combine(Path.GetTempPath(), "harness-report-tests", Guid.NewGuid().ToString("N"));
        Write(dir);
        return dir;
    }

    public void Write(string dir)
    {
        var random = new Random(Seed);
        var histograms = new HistogramSet();
        var series = new List<SeriesResult>();
        var timeseries = new List<TimeSeriesRow>();
        var requests = new List<RequestRow>();
        const int seconds = 10;
        for (int t = 0; t < Transports.Length; t++)
        {
            string transport = Transports[t];
            foreach (int concurrency in Concurrencies)
            {
                string loadPoint = $"c{concurrency}";
                // WebSocket a little faster, load adds queueing: visible but modest differences.
                double transportOffset = transport == "ws" ? -1.5 : t * 0.8;
                double loadPenalty = Math.Log10(concurrency) * 3;
                long tokens = 0;
                var outcomes = new Dictionary<string, long> { ["ok"] = 0, ["timeout"] = 0, ["truncated"] = 0 };
                for (int i = 0; i < RequestsPerSeries; i++)
                {
                    bool cold = i < concurrency;
                    double connect = cold ? 0.25 + (random.NextDouble() * 0.2) : 0;
                    double ttfb = 1.5 + transportOffset * 0.2 + connect + Jitter(random, 0.5);
                    double ttft = TtftMs + transportOffset + loadPenalty + connect + Math.Abs(Jitter(random, 2 + concurrency * 0.05));
                    string outcome = random.NextDouble() switch { < 0.004 => "timeout", < 0.01 => "truncated", _ => "ok" };
                    outcomes[outcome]++;
                    double e2e = ttft;
                    for (int k = 1; k < TokensPerRequest; k++)
                    {
                        double gap = ItlMs + Jitter(random, 0.6 + concurrency * 0.01) + (random.NextDouble() < 0.01 ? 15 : 0);
                        HistogramSet.Record(histograms.Get(transport, loadPoint, MetricNames.Itl), TimeSpan.FromMilliseconds(Math.Max(gap, 0.1)));
                        e2e += Math.Max(gap, 0.1);
                    }

                    tokens += TokensPerRequest;
                    if (cold)
                    {
                        HistogramSet.Record(histograms.Get(transport, loadPoint, MetricNames.Connect), TimeSpan.FromMilliseconds(connect));
                    }

                    HistogramSet.Record(histograms.Get(transport, loadPoint, MetricNames.Ttfb), TimeSpan.FromMilliseconds(ttfb));
                    HistogramSet.Record(histograms.Get(transport, loadPoint, MetricNames.Ttft), TimeSpan.FromMilliseconds(ttft));
                    HistogramSet.Record(histograms.Get(transport, loadPoint, MetricNames.EndToEnd), TimeSpan.FromMilliseconds(e2e));
                    double start = i * (seconds * 1000.0 / RequestsPerSeries);
                    requests.Add(new RequestRow
                    {
                        Transport = transport,
                        LoadPoint = loadPoint,
                        IntendedStartMs = start,
                        ActualStartMs = start + 0.05,
                        ConnectionReused = !cold,
                        ConnectMs = cold ? connect : null,
                        TtfbMs = ttfb,
                        TtfcMs = ttft,
                        TtftMs = ttft,
                        E2eMs = e2e,
                        Tokens = TokensPerRequest,
                        ContentDeltas = TokensPerRequest,
                        Chunks = TokensPerRequest + 2,
                        Outcome = OutcomeNames.TryParse(outcome, out RequestOutcome o) ? o : throw new InvalidOperationException(outcome),
                        HttpStatus = 200,
                    });
                }

                for (int s = 0; s < seconds; s++)
                {
                    double rate = tokens / (double)seconds * (1 + Jitter(random, 0.05));
                    var row = new TimeSeriesRow
                    {
                        Second = s,
                        Transport = transport,
                        LoadPoint = loadPoint,
                        Started = RequestsPerSeries / seconds,
                        Finished = RequestsPerSeries / seconds,
                        Active = concurrency,
                        Tokens = (long)Math.Round(rate),
                    };
                    row.Outcomes[(int)RequestOutcome.Ok] = (RequestsPerSeries / seconds) - 1;
                    row.Outcomes[(int)RequestOutcome.Truncated] = s % 4 == 0 ? 1 : 0;
                    row.Outcomes[(int)RequestOutcome.Timeout] = s % 5 == 0 ? 1 : 0;
                    timeseries.Add(row);
                }

                var metrics = new Dictionary<string, MetricSummary>();
                foreach (string metric in new[] { MetricNames.Connect, MetricNames.Ttfb, MetricNames.Ttft, MetricNames.Itl, MetricNames.EndToEnd })
                {
                    metrics[metric] = HistogramSet.Summarize(histograms.Get(transport, loadPoint, metric), metric);
                }

                string seriesName = $"{transport}/{loadPoint}";
                series.Add(new SeriesResult
                {
                    Transport = transport,
                    LoadPoint = loadPoint,
                    Concurrency = concurrency,
                    DurationSeconds = seconds,
                    Requests = RequestsPerSeries,
                    Outcomes = outcomes,
                    Tokens = tokens,
                    WindowTokens = tokens, // every synthetic request lies inside its window
                    WindowSucceeded = outcomes.GetValueOrDefault("ok"),
                    Metrics = metrics,
                    JudgedStreams = outcomes.GetValueOrDefault("ok"),
                    BufferedStreams = HeldBack is { } held && held.Series == seriesName ? held.Buffered : 0,
                    FakeLateness = FakeLate is { } late
                        ? new ServerLateness
                        {
                            Events = tokens,
                            P50Ms = 0.1,
                            P99Ms = 0.3,
                            P999Ms = late.Series == seriesName ? late.P999Ms : 0.6,
                            MaxMs = late.Series == seriesName ? late.MaxMs : 1.5,
                        }
                        : null,
                    HarnessPauses = Paused is { } paused && paused.Series == seriesName
                        ? new HarnessPauses
                        {
                            Count = 2,
                            Collections = 2,
                            TotalMs = 42,
                            MaxMs = 30,
                            Spans = [new PauseSpan { AtMs = 1_000, Ms = 30 }, new PauseSpan { AtMs = 2_000, Ms = 12 }],
                            TtftMeasured = metrics[MetricNames.Ttft].Count,
                            TtftDelayed = 10,
                            TtftUndelayed = Lowered(metrics[MetricNames.Ttft], 10, paused.DropMs),
                            E2eMeasured = PausedEndsDropMs is null ? 0 : metrics[MetricNames.EndToEnd].Count,
                            E2eDelayed = PausedEndsDropMs is null ? 0 : 10,
                            E2eUndelayed = PausedEndsDropMs is double endsDrop ? Lowered(metrics[MetricNames.EndToEnd], 10, endsDrop) : null,
                            TtfbMeasured = PausedHeadersDropMs is null ? 0 : metrics[MetricNames.Ttfb].Count,
                            TtfbDelayed = PausedHeadersDropMs is null ? 0 : 10,
                            TtfbUndelayed = PausedHeadersDropMs is double headersDrop ? Lowered(metrics[MetricNames.Ttfb], 10, headersDrop) : null,
                        }
                        : MachineStood is { } stood
                            ? new HarnessPauses
                            {
                                Count = stood.Series == seriesName ? 1 : 0,
                                MaxMs = stood.Series == seriesName ? stood.MaxMs : 0,
                                TotalMs = stood.Series == seriesName ? stood.MaxMs : 0,
                                MachineCount = stood.Series == seriesName ? 1 : 0,
                                MachineMaxMs = stood.Series == seriesName ? stood.MaxMs : 0,
                                TtftMeasured = metrics[MetricNames.Ttft].Count,
                            }
                            : null,
                });
            }
        }

        var settings = new Dictionary<string, string> { ["model"] = "closed", ["duration"] = "10s", ["warmup"] = "2s", ["concurrency"] = "1,10,100" };
        SentSettings.AddTo(settings, [[new ChatMessage("user", "Say hello.")]], null, null, null, new ClientTimeouts());
        var results = new RunResults
        {
            Name = "synthetic comparison",
            StartedUtc = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
            EndedUtc = new DateTimeOffset(2025, 1, 2, 3, 5, 35, TimeSpan.Zero),
            Target = Target,
            Model = $"fake/ttft={TtftMs.ToString(CultureInfo.InvariantCulture)},itl={ItlMs.ToString(CultureInfo.InvariantCulture)},tokens={TokensPerRequest}",
            Settings = settings,
            Agents = ["1/1"],
            Machine = MachineInfo.Current(),
            Saturation = new SaturationStatus { LagP99Ms = Saturated ? 12.5 : 0.8, ThresholdMs = 5, Saturated = Saturated },
            Series = series,
            Partial = Partial,
        };
        ResultsFiles.Write(dir, results, histograms, timeseries, requests);
    }

    // A symmetric triangular jitter: bounded, so no value strays negative by accident.
    private static double Jitter(Random random, double scale) => (random.NextDouble() - random.NextDouble()) * scale;

    // The summary of all but `fewer` samples, each kept percentile `ms` lower.
    private static MetricSummary Lowered(MetricSummary all, long fewer, double ms) =>
        all with { Count = all.Count - fewer, P50 = all.P50 - ms, P90 = all.P90 - ms, P95 = all.P95 - ms, P99 = all.P99 - ms, P999 = all.P999 - ms };
}
