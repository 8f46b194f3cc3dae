using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Harness.Cli.Options;
using Harness.Clients;
using Harness.Core;
using Harness.Core.Schedule;
using Harness.Load.Overhead;
using Harness.Load.Results;
using Harness.Reports.Charts;
using Harness.Reports.Claims;
using Harness.Reports.JUnit;
using Harness.Reports.Overhead;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness overhead --direct URL --via URL</c>: what a relay adds. The same requests go through
/// the upstream directly and through the relay, in pairs in a seeded random order; per metric the
/// overhead is via − direct at p50/p95/p99 with a bootstrap 95% interval, beside the median of the
/// pairs' own differences. Claims on the overhead exit 0 met, 1 not met, 3 inconclusive; 2 is usage.
/// Every run is saved (<see cref="OverheadDirectory"/>); <c>--from DIR</c> judges a saved run again
/// without sending a request.
/// </summary>
public sealed class OverheadVerb : ICliVerb
{
    /// <summary>Pairs in flight when neither --concurrency nor --rate is given.</summary>
    public const int DefaultConcurrency = 8;

    /// <inheritdoc />
    public int Order => 78;

    /// <inheritdoc />
    public Command Create(CliConsole console)
    {
        var direct = new Option<string?>("--direct") { Description = "The upstream, reached directly: an http(s) base URL (or its …/chat/completions URL) for sse and sse-h2, a ws(s) URL for ws. Required unless --from." };
        var via = new Option<string?>("--via") { Description = "The relay under test, forwarding to the same upstream (a URL of the same kind). Required unless --from." };
        var transport = new Option<string?>("--transport") { Description = "sse, sse-h2 or ws. Default: ws for ws(s):// URLs, else sse." };
        var concurrency = new Option<int?>("--concurrency") { Description = $"Closed model: pairs in flight at once (default {DefaultConcurrency})." };
        var rate = new Option<double?>("--rate") { Description = "Open model instead: pairs started per second." };
        var duration = new Option<string>("--duration") { Description = "How long new pairs are started (10s, 1m, ...); pairs in flight then finish.", DefaultValueFactory = _ => "10s" };
        var maxPairs = new Option<long>("--max-pairs") { Description = "Most measured pairs.", DefaultValueFactory = _ => 10_000 };
        var cold = new Option<bool>("--cold") { Description = "A new connection for every request, so the relay's connect (and TLS) cost is measured too." };
        var claims = new Option<string[]>("--claim")
        {
            Description = "A latency claim on the overhead (repeatable): \"ttft p50 < 50ms\" holds when the relay adds under 50 ms at p50. Metrics connect, ttfb, ttft, itl, arrival (mean time to each content arrival: what a buffering relay adds), e2e. Pairs the relay alone failed fail every claim when significantly more than those the upstream alone failed.",
            AllowMultipleArgumentsPerToken = false,
        };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object instead of Markdown." };
        var seed = new Option<int>("--seed") { Description = "Seed of the pair order and of the bootstrap.", DefaultValueFactory = _ => OverheadPlan.DefaultSeed };
        var chart = new Option<string?>("--chart") { Description = "Also write the overhead's percentile ladder per metric, with its 95% interval band and the claims' thresholds, as a PNG to FILE." };
        var junit = new Option<string?>("--junit") { Description = "Also write the claims' verdicts as JUnit XML to FILE: a test case per claim (met passes, not met fails, inconclusive errors)." };
        var output = new Option<string?>("--out") { Description = "Where the run is saved (overhead.json, overhead.md, pairs.csv, histograms.hlog; default results/yyyyMMdd-HHmmss)." };
        var force = LoadCommandSupport.ForceOption();
        var from = new Option<string?>("--from") { Description = "Judge a saved run (its --out directory) again, with these --claim, --seed, --json, --chart and --junit, sending no request." };
        var endpoint = new EndpointOptions();
        var timeouts = new TimeoutOptions();
        var command = new Command(
            "overhead",
            "Measure what a relay adds: the same requests directly and through the relay, in pairs in a seeded random order; per metric the overhead (via − direct) at p50/p95/p99 with a bootstrap 95% CI and the median of paired differences. Exit 0 claims met, 1 not met, 3 inconclusive, 2 usage.")
        {
            direct, via, transport, concurrency, rate, duration, maxPairs, cold, claims, json, seed, chart, junit, output, force, from,
        };
        // The request options are the shared vocabulary; the URLs are --direct and --via here.
        foreach (var option in endpoint.All.Where(o => o != endpoint.Url && o != endpoint.WebSocketUrl))
        {
            command.Options.Add(option);
        }

        foreach (var option in timeouts.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parsed, ct) =>
        {
            var claimList = ParseClaims(parsed.GetValue(claims) ?? []);
            string? junitPath = parsed.GetValue(junit);
            if (junitPath is not null && claimList.Count == 0)
            {
                throw new UsageException("--junit writes the claims' verdicts: give at least one --claim");
            }

            string? chartPath = parsed.GetValue(chart) is { Length: > 0 } chartFile ? chartFile : null;
            if (parsed.GetValue(from) is { } savedRun)
            {
                // --force applies: it lets --chart and --junit replace a file.
                var runOptions = new Option[] { direct, via, transport, concurrency, rate, duration, maxPairs, cold, output }.Concat(endpoint.All).Concat(timeouts.All);
                if (runOptions.FirstOrDefault(o => parsed.GetResult(o) is { Implicit: false }) is { } extra)
                {
                    throw new UsageException($"--from judges a saved run again: {extra.Name} does not apply (it sends no request)");
                }

                WritableFile.Require(chartPath, "--chart", parsed.GetValue(force));
                WritableFile.Require(junitPath, "--junit", parsed.GetValue(force), createDirectory: true);
                var (restored, saved) = OverheadDirectory.Read(savedRun);
                var again = OverheadAnalysis.Analyse(restored, new OverheadOptions
                {
                    Direct = saved.Direct,
                    Via = saved.Via,
                    Claims = claimList,
                    Schedule = saved.Schedule is { } compact ? TokenSchedule.Parse(compact) : null,
                    Seed = parsed.GetResult(seed) is { Implicit: false } ? parsed.GetValue(seed) : saved.Seed,
                });
                return await PrintAsync(console, restored, again, parsed.GetValue(json), chartPath, junitPath, onDisk: true);
            }

            string? transportText = parsed.GetValue(transport);
            var directUrl = ParseUrl(parsed.GetValue(direct) ?? throw new UsageException("--direct is required (or --from DIR, to judge a saved run again)"), "--direct");
            var t = transportText is null ? (directUrl.Scheme is "ws" or "wss" ? Transport.WebSocket : Transport.Sse)
                : TransportNames.TryParse(transportText, out var named) ? named
                : throw new UsageException($"--transport: unknown transport '{transportText}' (sse, sse-h2, ws)");
            RequireScheme(directUrl, "--direct", t);
            var viaUrl = ParseUrl(parsed.GetValue(via) ?? throw new UsageException("--via is required (or --from DIR, to judge a saved run again)"), "--via");
            RequireScheme(viaUrl, "--via", t);
            if (parsed.GetValue(concurrency) is not null && parsed.GetValue(rate) is not null)
            {
                throw new UsageException("give --concurrency (closed model) or --rate (open model), not both");
            }

            var settings = endpoint.Bind(parsed, urlFromEnvironment: false) with { Url = directUrl };
            var plan = new OverheadPlan
            {
                Transport = t,
                Requests = RequestsFor(settings),
                Concurrency = parsed.GetValue(concurrency) is int c ? (c is >= 1 and <= 10_000 ? c : throw new UsageException($"--concurrency must be from 1 to 10000, got {c}")) : DefaultConcurrency,
                RatePerSecond = parsed.GetValue(rate) is double r ? (r is > 0 and <= 10_000 ? r : throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--rate must be above 0 and at most 10000 pairs per second, got {r}"))) : null,
                Duration = ParseDuration(parsed.GetValue(duration)!),
                MaxPairs = parsed.GetValue(maxPairs) is long max and >= 1 ? max : throw new UsageException("--max-pairs must be at least 1"),
                Cold = parsed.GetValue(cold),
                Seed = parsed.GetValue(seed),
            };
            // The same limits both ways: a pair the relay times out and the upstream serves is a relay-only failure, judged against every claim.
            var limits = timeouts.Bind(parsed);
            // Before anything is measured: an output that cannot be written fails now, not after the run.
            WritableFile.Require(chartPath, "--chart", parsed.GetValue(force));
            WritableFile.Require(junitPath, "--junit", parsed.GetValue(force), createDirectory: true);
            using var saveTo = OutputDirectory.Claim(LoadCommandSupport.ResultsDirectoryFor(parsed.GetValue(output)), "harness overhead", parsed.GetValue(force));
            string? key = EndpointOptions.ApiKeyFor(settings);
            var validation = EndpointOptions.CertificateValidationFor(settings);
            IChatStreamClient ClientFor(Uri url) => ChatStreamClientFactory.Create(t, new ChatClientOptions { Endpoint = url, ApiKey = key, Retry = RetryOptions.None, Timeouts = limits }, validation);

            var schedule = await FakeUpstream.TryReadScheduleAsync(directUrl, plan.Requests[0], validation, ct);
            await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"overhead: {t.ToName()} {plan.LoadPoint}, {DurationText.Format(plan.Duration)}, {(plan.Cold ? "cold" : "warm")} connections, model {plan.Requests[0].Model}: direct {Display(directUrl)} vs via {Display(viaUrl)}{(schedule is null ? string.Empty : $"; upstream is the harness's fake ({schedule.ToCompactString()})")}"));
            EndpointOptions.WarnIfInsecure(settings, console);
            LoadConsole.WarnIfMachineUnmeasured(console);
            var samples = await OverheadRunner.RunAsync(plan, () => ClientFor(directUrl), () => ClientFor(viaUrl), p => console.Error.WriteLine(p), ct);
            var report = OverheadAnalysis.Analyse(samples, new OverheadOptions
            {
                Direct = Display(directUrl),
                Via = Display(viaUrl),
                Claims = claimList,
                Schedule = schedule,
                Seed = plan.Seed,
            });
            bool onDisk = false;
            try
            {
                OverheadDirectory.Write(saveTo.FullPath, samples, report);
                onDisk = true;
                await console.Error.WriteLineAsync($"results: {saveTo.FullPath} (judged again, sending no request, by: harness overhead --from {saveTo.FullPath} --claim ...)");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The measurement is done: its report still goes to stdout, whatever the disk says.
                await console.Error.WriteLineAsync($"harness: warning: the run could not be saved in {saveTo.FullPath} ({ex.Message}); its report follows on stdout");
            }

            return await PrintAsync(console, samples, report, parsed.GetValue(json), chartPath, junitPath, onDisk);
        });
        return command;
    }

    private static async Task<int> PrintAsync(CliConsole console, OverheadSamples samples, OverheadReport report, bool json, string? chartPath, string? junitPath, bool onDisk)
    {
        // As the load verbs: a run that failed (stopped, or a side that served nothing) is headlined by
        // its failure; instant failures build the lag themselves and record no latency for it to skew.
        string? failure = FailureOf(samples);
        // A failed run with no pair served both ways has no overhead: its table would be all "–"
        // above the line that says why. overhead.md keeps it (unless it could not be saved, when
        // stdout is its only copy); --json stays one object.
        if (json)
        {
            await console.Out.WriteLineAsync(JsonSerializer.Serialize(report, ResultsDirectory.JsonOptions));
        }
        else if (failure is null || ServedBothWays(samples) > 0 || !onDisk)
        {
            await console.Out.WriteLineAsync(OverheadMarkdown.Render(report));
        }

        if (chartPath is not null && !DifferenceChart.Save(report, chartPath))
        {
            await console.Error.WriteLineAsync("harness: no overhead to chart (no metric had samples through both endpoints)");
        }

        if (junitPath is not null)
        {
            JUnitWriter.Write(junitPath, "overhead", [.. report.Claims.Select(v => JUnitCase.Of(v, "overhead"))]);
        }

        if (report.Saturated && failure is null)
        {
            await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"harness: warning: harness saturated (scheduling lag p99 {report.Resolution!.LagP99Ms:0.##} ms > {SaturationStatus.DefaultThresholdMs:0.#} ms): a verdict its lag could turn is inconclusive; give the harness a core of its own, or lower --concurrency"));
        }

        // A relay that buffers answers is what its user must learn, past the figures it bends.
        if (report.HeldBack is { } heldBack && failure is null)
        {
            await console.Error.WriteLineAsync($"harness: warning: held back: {heldBack}");
        }

        if (failure is not null)
        {
            await console.Error.WriteLineAsync($"harness: {failure}");
            return ExitCodes.Failed;
        }

        return report.Overall switch
        {
            null or VerdictStatus.Met => ExitCodes.Ok,
            VerdictStatus.NotMet => ExitCodes.Failed,
            _ => ExitCodes.Inconclusive,
        };
    }

    /// <summary>
    /// Why the run failed whole (stopped, or a side that served nothing leaves no overhead to
    /// measure, claims or not), without the <c>harness: </c> prefix; null when it measured.
    /// </summary>
    private static string? FailureOf(OverheadSamples samples)
    {
        bool relayFailed = samples.Via.Requests == samples.Via.Failures, directFailed = samples.Direct.Requests == samples.Direct.Failures;
        return samples.StoppedBecause is { } why ? $"stopped: {EndpointOptions.WithInsecureHint(why)}{(samples.Pairs == 0 ? "; nothing measured" : string.Empty)}"
            : relayFailed && directFailed ? samples.Pairs == 0
                ? samples.Partial ? "stopped before any measured pair finished: nothing measured" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the run failed: no measured pair finished: the warm-up pairs took the whole {samples.Elapsed.TotalSeconds:0.#} s (each waits for both endpoints: is one not answering? try 'harness stream' against each, or a longer --duration)")
                : $"the run failed: every request failed on both paths (direct: {Outcomes(samples.Direct)}; via: {Outcomes(samples.Via)})"
            : relayFailed ? $"the run failed: every request through the relay failed (via: {Outcomes(samples.Via)}; direct: {Outcomes(samples.Direct)})"
            : directFailed ? $"the run failed: every direct request failed (direct: {Outcomes(samples.Direct)}; via: {Outcomes(samples.Via)})"
            : null;
    }

    private static long ServedBothWays(OverheadSamples samples) =>
        samples.Pairs - samples.ViaOnlyFailures - samples.DirectOnlyFailures - samples.BothFailed;

    private static string Outcomes(OverheadSide side) =>
        string.Join(", ", side.Outcomes.Select(o => $"{o.Key} {o.Value}")) + LoadConsole.FirstFailureText([side.FirstFailure], side.Outcomes.Count);

    /// <summary>A URL as shown: without user information, which may hold a password.</summary>
    private static string Display(Uri url) => url.UserInfo.Length == 0 ? url.ToString() : new UriBuilder(url) { UserName = string.Empty, Password = string.Empty }.Uri.ToString();

    private static IReadOnlyList<ChatRequest> RequestsFor(EndpointSettings settings)
    {
        string model = EndpointOptions.ModelFor(settings);
        return [.. EndpointOptions.ConversationsFor(settings, "Say hello.").Select(messages => new ChatRequest
        {
            Model = model,
            Messages = messages,
            Headers = settings.Headers,
            MaxTokens = settings.MaxTokens,
            BodyFields = settings.BodyFields,
        })];
    }

    private static IReadOnlyList<LatencyClaim> ParseClaims(IEnumerable<string> texts) =>
        [.. ClaimJudging.Parse(texts, "--claim", OverheadSamples.Metrics).Cast<LatencyClaim>()];

    private static Uri ParseUrl(string text, string option) => UrlText.Parse(text, option, EndpointUrl.AnyStreaming)!;

    private static void RequireScheme(Uri url, string option, Transport transport)
    {
        bool ws = url.Scheme is "ws" or "wss";
        if (ws != (transport == Transport.WebSocket))
        {
            throw new UsageException($"{option}: '{url}' is {(ws ? "a WebSocket" : "an HTTP")} URL, but the transport is {transport.ToName()} (give {(transport == Transport.WebSocket ? "ws(s)://" : "http(s)://")} URLs, or --transport)");
        }
    }

    private static TimeSpan ParseDuration(string text)
    {
        var value = LoadOptions.ParseDuration(text, "--duration");
        return value > TimeSpan.Zero && value <= TimeSpan.FromHours(24)
            ? value
            : throw new UsageException($"--duration must be above 0 and at most 24 hours, got {text}");
    }
}
