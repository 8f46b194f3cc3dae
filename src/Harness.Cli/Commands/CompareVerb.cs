using System.CommandLine;
using System.Globalization;
using Harness.Cli.Options;
using Harness.Cli.Metrics;
using Harness.Clients;
using Harness.Core;
using Harness.Core.Schedule;
using Harness.Fakes;
using Harness.Load;
using Harness.Load.Results;
using Harness.Load.Simulations;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness compare</c>: the same token schedule over each transport across a concurrency or
/// rate sweep, against the embedded fake (default) or a real endpoint; writes a results directory
/// and its report. With no verb, <c>harness</c> runs <see cref="RunMainJobAsync"/>, a short version.
/// </summary>
public sealed class CompareVerb : ICliVerb
{
    /// <inheritdoc />
    public int Order => 50;

    /// <summary>
    /// The no-verb main job: sse, sse-h2, ws × 10 and 100 concurrent streams, 8 s each in three
    /// interleaved rounds, each after 1 s warm-up. Sized for decisions: at the default schedule's
    /// ~1.1 s per stream, 10 streams for 8 s give every series over 60 requests, enough for p50 and
    /// p95 verdicts and transport differences; one stream would need a minute per transport for
    /// that, past the job's two-minute budget. Three rounds are the fewest whose spread can show a
    /// difference held (two give a t interval 12.7 standard errors wide).
    /// </summary>
    internal static CompareSettings MainJob { get; } = new() { Concurrencies = [10, 100], Duration = TimeSpan.FromSeconds(8), WarmUp = TimeSpan.FromSeconds(1), Rounds = DefaultRounds };

    /// <summary>Rounds per load point unless --rounds says otherwise.</summary>
    internal const int DefaultRounds = 3;

    /// <summary>Runs <see cref="MainJob"/>.</summary>
    internal static Task<int> RunMainJobAsync(CliConsole console, CancellationToken ct) => RunAsync(MainJob, "main", console, ct);

    /// <inheritdoc />
    public Command Create(CliConsole console)
    {
        var run = new ComparisonRunOptions(string.Empty, defaultDuration: "30s", defaultWarmUp: "2s");
        var concurrency = new Option<string?>("--concurrency") { Description = "Closed model: concurrent streams per load point, comma-separated (default 1,10,100)." };
        var rate = new Option<string?>("--rate") { Description = "Open model instead: requests per second per load point, comma-separated (latencies from the intended start)." };
        var warm = new Option<bool>("--warm") { Description = "Pooled connections (the default)." };
        var rounds = new Option<int>("--rounds") { Description = $"Measure each load point in this many interleaved rounds (A B C, C B A, ...; --duration split over them, --warmup before each): a transport is called faster only when it was in every round. 1 runs each series in one block; 2 almost never calls a difference (the interval of two rounds' differences is ±12.7 standard errors wide), so take 3 or more (1–{ComparisonPlan.MaxRounds}).", DefaultValueFactory = _ => DefaultRounds };
        var keepStalled = new Option<bool>("--keep-stalled-rounds") { Description = $"Keep a round in which the machine stood still (the embedded fake's highest-priority thread as late as its tokens; against another endpoint, the harness's own real-time probe later than the saturation threshold) instead of measuring it again (up to {ComparisonRunner.MaxAttempts} times in all); that load point's tail answers are then left undecided." };
        var maxRequests = new Option<long>("--max-requests") { Description = "Most measured requests per series.", DefaultValueFactory = _ => 1_000_000 };
        var retries = new Option<int>("--retries") { Description = "Retries for 429/503 (counted in results; off by default under load).", DefaultValueFactory = _ => 0 };
        var threshold = new Option<double>("--saturation-ms") { Description = "Scheduling-lag p99 above which a run is marked harness-saturated.", DefaultValueFactory = _ => 5 };
        var agent = new Option<string?>("--agent") { Description = "Run the I-th of N shares of the load (I/N, or auto: JOB_COMPLETION_INDEX+1 of HARNESS_AGENT_COUNT, as in a Kubernetes Indexed Job); merge the N results with 'harness merge'." };
        var startAt = new Option<string?>("--start-at") { Description = "ISO-8601 UTC time at which to start, so agents begin together." };
        var noReport = new Option<bool>("--no-report") { Description = "Write the results only, not the HTML/Markdown report." };
        var findCapacity = new Option<bool>("--find-capacity") { Description = "Per transport, step up --concurrency (default 50,100,200,500,1000,2000) until a run saturates the harness or has errors; print the largest that held." };
        var thresholds = new Option<string[]>("--threshold") { Description = "An SLO judged on the results, as verify --claim (repeatable): exit 1 when one is not met, 3 when one cannot be decided.", AllowMultipleArgumentsPerToken = false };
        var junit = new Option<string?>("--junit") { Description = "With --threshold: also write the verdicts as JUnit XML to FILE." };
        var fakeInline = new Option<bool>("--fake-inline") { Description = "Embedded fake: release tokens on its scheduler thread (fewer thread-pool hops at high concurrency)." };
        var metricsPort = LoadOptions.MetricsPortOption();
        var command = new Command("compare", "Compare SSE (HTTP/1.1, HTTP/2) and WebSocket under the same load, against the embedded fake or a real endpoint.");
        foreach (var option in (Option[])[.. run.All, concurrency, rate, warm, rounds, keepStalled, maxRequests, retries, threshold, agent, startAt, noReport, fakeInline, findCapacity, thresholds, junit, metricsPort])
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parsed, ct) =>
        {
            if (parsed.GetValue(run.Cold) && parsed.GetValue(warm))
            {
                throw new UsageException("--cold and --warm exclude each other");
            }

            string? rates = parsed.GetValue(rate);
            string? concurrencies = parsed.GetValue(concurrency);
            if (rates is not null && concurrencies is not null)
            {
                throw new UsageException("give --concurrency (closed model) or --rate (open model), not both");
            }

            int roundCount = parsed.GetValue(rounds);
            if (roundCount is < 1 or > ComparisonPlan.MaxRounds)
            {
                throw new UsageException($"--rounds must be 1 to {ComparisonPlan.MaxRounds}, got {roundCount}");
            }

            if (parsed.GetValue(findCapacity) && parsed.GetResult(rounds) is { Implicit: false } && roundCount != 1)
            {
                throw new UsageException("--find-capacity measures each load point in one block; it does not take --rounds");
            }

            if (roundCount == 2 && !parsed.GetValue(findCapacity))
            {
                console.Error.WriteLine("compare: note: with 2 rounds a difference is called only if it is over 12.7 standard errors of the rounds' differences clear of 0; take --rounds 3 or more to decide");
            }

            if (parsed.GetValue(maxRequests) < 1)
            {
                throw new UsageException($"--max-requests must be at least 1, got {parsed.GetValue(maxRequests)}");
            }

            RetryCount.Of(parsed.GetValue(retries));

            if (!(parsed.GetValue(threshold) > 0 && double.IsFinite(parsed.GetValue(threshold))))
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--saturation-ms must be above 0, got {parsed.GetValue(threshold)}"));
            }

            var settings = run.Apply(parsed, new CompareSettings
            {
                Rounds = parsed.GetValue(findCapacity) ? 1 : roundCount,
                KeepStalledRounds = parsed.GetValue(keepStalled),
                Concurrencies = concurrencies is null ? (parsed.GetValue(findCapacity) ? CapacitySearch.DefaultConcurrencies : [1, 10, 100]) : LoadOptions.ParseCounts(concurrencies, "--concurrency", LoadProfile.MaxCopies),
                Rates = rates is null ? [] : LoadOptions.ParseNumbers(rates, "--rate", 0.001, LoadProfile.MaxRatePerSecond),
                MaxRequests = parsed.GetValue(maxRequests),
                Retries = parsed.GetValue(retries),
                SaturationThresholdMs = parsed.GetValue(threshold),
                Agent = LoadOptions.ParseAgent(parsed.GetValue(agent)),
                StartAt = LoadOptions.ParseStartAt(parsed.GetValue(startAt)),
                Report = !parsed.GetValue(noReport),
                FakeInline = parsed.GetValue(fakeInline),
                FindCapacity = parsed.GetValue(findCapacity),
                MetricsPort = parsed.GetValue(metricsPort),
                Thresholds = ClaimJudging.Parse(parsed.GetValue(thresholds) ?? [], "--threshold"),
                JUnitFile = parsed.GetValue(junit),
            });
            if (settings.FindCapacity && settings.Rates.Count > 0)
            {
                throw new UsageException("--find-capacity steps --concurrency; it does not take --rate");
            }
            if (settings.Rates.Count == 0 && settings.Concurrencies.Count == 0)
            {
                throw new UsageException("--concurrency needs at least one value");
            }

            if (settings.JUnitFile is not null && settings.Thresholds.Count == 0)
            {
                throw new UsageException("--junit writes the --threshold verdicts: give at least one --threshold (or judge a saved run with verify --junit)");
            }

            return await RunAsync(settings, "compare", console, ct);
        });
        return command;
    }

    internal static async Task<int> RunAsync(CompareSettings settings, string name, CliConsole console, CancellationToken ct)
    {
        if (settings.Duration <= TimeSpan.Zero)
        {
            throw new UsageException("--duration must be above 0");
        }

        // Before anything is measured: a bad --out or --junit fails now, not after the run.
        WritableFile.Require(settings.JUnitFile, "--junit", settings.Force, createDirectory: true);
        using var output = LoadCommandSupport.ClaimResultsDirectory(settings.OutDirectory, name, settings.Force);
        string dir = output.FullPath;
        using var journal = LoadCommandSupport.OpenJournal(output);
        var endpoint = settings.Endpoint;
        bool embedded = !endpoint.IsReal;
        string model = EndpointOptions.ModelFor(endpoint);
        using var metrics = PrometheusMetrics.Start(settings.MetricsPort);
        await using var fake = embedded
            ? await FakeServer.StartAsync(new FakeServerOptions { Schedule = settings.Schedule, InlineSchedulerContinuations = settings.FakeInline, WarmUp = true }, ct)
            : null;
        var endpoints = (fake is not null ? LoadCommandSupport.Endpoints.Of(fake, EndpointOptions.TokenCounterFor(endpoint)) : await RealEndpointsAsync(settings)) with { Timeouts = settings.Timeouts };
        string target = fake is not null ? RunResults.EmbeddedFakeTarget : string.Join(' ', new[] { endpoint.Url, endpoint.WebSocketUrl }.OfType<Uri>().Select(EndpointUrl.ForDisplay));
        var plan = settings.PlanFor(name, model, target);
        console.Error.WriteLine(settings.Header(name, target, embedded));
        EndpointOptions.WarnIfInsecure(endpoint, console);
        LoadConsole.WarnIfMachineUnmeasured(console);
        if (settings.StartAt is { } startAt && !settings.FindCapacity)
        {
            console.Error.WriteLine(AlignedLine(plan, startAt));
        }

        var options = new LoadRunOptions
        {
            Agent = settings.Agent,
            StartAt = settings.StartAt,
            Progress = LoadConsole.ProgressPrinter(console),
            Notice = LoadConsole.NoticePrinter(console),
            WindowObserver = fake is null ? null : new EmbeddedFakeLateness(fake),
            Observer = metrics,
            Journal = journal,
        };
        Func<Transport, IChatStreamClient> clients = t => endpoints.Create(t, settings.Retries);
        await using var priming = await CommandPrimer.StartAsync(console, endpoint, settings.StartAt is not null, settings.FakeInline, ct);
        var primer = priming.Primer;
        List<LoadSeriesRun> runs;
        try
        {
            runs = settings.FindCapacity
                ? await CapacitySearch.RunAsync(plan, clients, options, c => console.Out.WriteLine(CapacityLine(c, plan)), ct, primer)
                : await ComparisonRunner.RunAsync(plan, clients, options, ct, primer);
        }
        catch (LoadProfileException ex)
        {
            throw new UsageException(ex.Message);
        }

        LoadConsole.EndProgressLine(console);
        runs.ForEach(r => LoadConsole.PrintSeries(console, r));
        bool partial = ct.IsCancellationRequested || (!settings.FindCapacity && runs.Count < plan.Scenarios().Count());
        LoadCommandSupport.CloseJournal(journal, console);
        var results = LoadCommandSupport.SaveResults(dir, () => ResultsFiles.Write(dir, name, runs, target, model, settings.Recorded(embedded), settings.Agent, partial));
        LoadConsole.WarnIfSaturated(console, results);
        LoadConsole.WarnIfBuffered(console, results);

        // Series left out after one stopped because the endpoint cannot serve: its own line says why.
        if (partial && (ct.IsCancellationRequested || !runs.Any(r => r.Series.StoppedBecause is not null)))
        {
            console.Error.WriteLine("harness: stopped early; the results are partial");
        }

        int judged = settings.Thresholds.Count == 0 ? ExitCodes.Ok
            : await ClaimJudging.JudgeAsync(dir, settings.Thresholds, null, null, Harness.Reports.Claims.ClaimVerifier.DefaultResamples, Harness.Reports.Claims.ClaimVerifier.DefaultSeed, settings.JUnitFile, name, console, ct);
        await LoadCommandSupport.FinishAsync(dir, settings.Report, console, CancellationToken.None, settings.PrintsPath);
        int ran = LoadConsole.RunExitCode(runs, console);
        return ran != ExitCodes.Ok ? ran : judged;
    }

    /// <summary>The given URLs; fails early, with one line, when a transport has no endpoint.</summary>
    private static async Task<LoadCommandSupport.Endpoints> RealEndpointsAsync(CompareSettings settings)
    {
        var endpoints = LoadCommandSupport.Endpoints.Of(settings.Endpoint);
        foreach (var t in settings.Transports)
        {
            await endpoints.Create(t, 0).DisposeAsync();
        }

        return endpoints;
    }

    /// <summary>
    /// With --start-at, when the blocks run: every agent starts block k at k slots after the start, a
    /// slot reserving the drain timeout whether or not a drain takes it, so a user sees the wait.
    /// </summary>
    internal static string AlignedLine(ComparisonPlan plan, DateTimeOffset startAt)
    {
        int blocks = plan.Scenarios().Count() * plan.Rounds;
        var slot = ComparisonRunner.SlotOf(plan);
        var end = startAt + (slot * blocks);
        return string.Create(CultureInfo.InvariantCulture,
            $"aligned: {blocks} blocks in slots of {slot.TotalSeconds:0.0} s (warm-up, duration, --drain-timeout {DurationText.Format(plan.Template.DrainTimeout)} and {ComparisonRunner.SlotMargin.TotalSeconds:0} s), from {startAt:HH:mm:ss} to about {end:HH:mm:ss} UTC; a shorter --drain-timeout shortens every slot");
    }

    /// <summary>One stdout line per transport: the largest concurrency that held, with its throughput, and why the search stopped.</summary>
    internal static string CapacityLine(TransportCapacity capacity, ComparisonPlan plan)
    {
        string transport = capacity.Transport.ToName();
        string why = capacity.StoppedAt is { } stopped ? StopText(capacity, stopped) : string.Empty;
        if (capacity.Held is not { } held)
        {
            return $"capacity {transport}: none of {string.Join(",", plan.Concurrencies)} held{why}";
        }

        var s = held.Series;
        double ttftP99 = s.Metrics.GetValueOrDefault(MetricNames.Ttft)?.P99 ?? 0;
        string line = string.Create(CultureInfo.InvariantCulture,
            $"capacity {transport}: {s.Concurrency} concurrent streams held ({s.TokenRate() ?? 0:0} tokens/s, lag p99 {held.Saturation.LagP99Ms:0.00} ms, ttft p99 {ttftP99:0.0} ms)");
        return capacity.Stop switch
        {
            CapacityStop.None => line + "; the largest load point tried, so the capacity is at least this",
            CapacityStop.EndpointFellBehind => line + why + ", so the harness's capacity is at least " + s.Concurrency,
            _ => line + why,
        };
    }

    private static string StopText(TransportCapacity capacity, LoadSeriesRun stopped)
    {
        var s = stopped.Series;
        return capacity.Stop switch
        {
            CapacityStop.HarnessSaturated => string.Create(CultureInfo.InvariantCulture,
                $"; at {s.Concurrency} the harness saturated (lag p99 {stopped.Saturation.LagP99Ms:0.00} ms > {stopped.Saturation.ThresholdMs} ms)"),
            CapacityStop.Errors when s.StoppedBecause is { } why => $"; at {s.Concurrency} the run stopped: {why}",
            CapacityStop.Errors => string.Create(CultureInfo.InvariantCulture,
                $"; at {s.Concurrency} {s.Errors} of {s.Requests} requests failed"),
            CapacityStop.EndpointFellBehind => string.Create(CultureInfo.InvariantCulture,
                $"; at {s.Concurrency} the endpoint fell behind: {CapacitySearch.PerStreamTokenRate(stopped):0.0} tokens/s per stream against {CapacitySearch.PerStreamTokenRate(capacity.Reference!):0.0} at {capacity.Reference!.Series.Concurrency} ({s.TokenRate() ?? 0:0} tokens/s in all; the harness kept up, lag p99 {stopped.Saturation.LagP99Ms:0.00} ms)"),
            _ => string.Empty,
        };
    }
}
