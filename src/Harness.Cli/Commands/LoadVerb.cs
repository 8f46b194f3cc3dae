using System.CommandLine;
using System.Globalization;
using Harness.Cli.Options;
using Harness.Cli.Metrics;
using Harness.Clients;
using Harness.Core;
using Harness.Fakes;
using Harness.Load;
using Harness.Load.Results;
using Harness.Load.Simulations;

namespace Harness.Cli.Commands;

/// <summary><c>harness load SCENARIO.json</c>: runs a scenario file (NBomber-style load steps) and writes a results directory.</summary>
public sealed class LoadVerb : ICliVerb
{
    /// <inheritdoc />
    public int Order => 51;

    /// <inheritdoc />
    public Command Create(CliConsole console)
    {
        var file = new Argument<string>("scenario") { Description = "The scenario JSON file (keys and examples: docs/load.md)." };
        var output = new Option<string?>("--out") { Description = "Results directory (default results/<timestamp>)." };
        var agent = new Option<string?>("--agent") { Description = "Run the I-th of N shares of the load (I/N, or auto: JOB_COMPLETION_INDEX+1 of HARNESS_AGENT_COUNT, as in a Kubernetes Indexed Job); merge the N results with 'harness merge'." };
        var startAt = new Option<string?>("--start-at") { Description = "ISO-8601 UTC time at which to start, so agents begin together." };
        var schedule = new Option<string?>("--schedule") { Description = "The embedded fake's token schedule when the scenario has no target.url." };
        var endpointOptions = new EndpointOptions("Overrides the scenario's target: ");
        var noReport = new Option<bool>("--no-report") { Description = "Write the results only." };
        var metricsPort = LoadOptions.MetricsPortOption();
        var thresholds = new Option<string[]>("--threshold") { Description = "An SLO judged on the results, as verify --claim (repeatable; added to the scenario's \"thresholds\"): exit 1 when one is not met, 3 when undecided.", AllowMultipleArgumentsPerToken = false };
        var junit = new Option<string?>("--junit") { Description = "With thresholds: also write the verdicts as JUnit XML to FILE." };
        var force = LoadCommandSupport.ForceOption();
        var timeouts = new TimeoutOptions();
        var command = new Command("load", "Run a load scenario file (KeepConstant, RampingConstant, Inject, RampingInject, Pause) and write a results directory.")
        {
            file, output, force, agent, startAt, schedule, noReport, thresholds, junit, metricsPort,
        };
        endpointOptions.AddTo(command);
        foreach (var option in timeouts.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parsed, ct) =>
        {
            string path = parsed.GetValue(file)!;
            ScenarioFile.Loaded loaded;
            try
            {
                loaded = ScenarioFile.Parse(await File.ReadAllTextAsync(InputFile.Require(path, "scenario file"), ct), Path.GetDirectoryName(Path.GetFullPath(path)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or LoadProfileException or OverflowException)
            {
                throw new UsageException($"{path}: {ex.Message}");
            }

            // The command line's endpoint options override the file's target, name by name; the
            // environment's base URL only fills in when neither names an endpoint.
            var commandLine = endpointOptions.Bind(parsed, urlFromEnvironment: false);
            var endpoint = loaded.Endpoint.OverriddenBy(commandLine);
            if (!endpoint.IsReal && endpointOptions.Bind(parsed) is { IsReal: true } fromEnvironment)
            {
                endpoint = endpoint with { Url = fromEnvironment.Url };
            }

            RequireScenarioTarget(path, endpoint, commandLine);

            var limits = timeouts.Bind(parsed);
            var share = LoadOptions.ParseAgent(parsed.GetValue(agent));
            var begin = LoadOptions.ParseStartAt(parsed.GetValue(startAt));
            using var metrics = PrometheusMetrics.Start(parsed.GetValue(metricsPort));
            IReadOnlyList<Harness.Reports.Claims.Claim> slos = [.. ClaimJudging.Parse(loaded.Scenario.Thresholds, $"{path}: thresholds"), .. ClaimJudging.Parse(parsed.GetValue(thresholds) ?? [], "--threshold")];
            var scenario = loaded.Scenario with
            {
                Model = EndpointOptions.ModelFor(endpoint),
                Conversations = EndpointOptions.ConversationsFor(endpoint, loaded.Scenario.Prompts[0]),
                Headers = endpoint.Headers,
                MaxTokens = endpoint.MaxTokens,
                BodyFields = endpoint.BodyFields,
                Target = (loaded.Scenario.Transport == Transport.WebSocket ? endpoint.WebSocketUrl : endpoint.Url) is { } shown ? EndpointUrl.ForDisplay(shown) : RunResults.EmbeddedFakeTarget,
            };
            if (parsed.GetValue(junit) is not null && slos.Count == 0)
            {
                throw new UsageException($"--junit writes the thresholds' verdicts: {path} has no \"thresholds\" and no --threshold was given");
            }

            // Before anything is measured: a bad --out or --junit fails now, not after the run.
            WritableFile.Require(parsed.GetValue(junit), "--junit", parsed.GetValue(force), createDirectory: true);
            using var outDir = LoadCommandSupport.ClaimResultsDirectory(parsed.GetValue(output), "load", parsed.GetValue(force));
            using var journal = LoadCommandSupport.OpenJournal(outDir);
            FakeServer? fake = null;
            try
            {
                IChatStreamClient client;
                if (!endpoint.IsReal)
                {
                    fake = await FakeServer.StartAsync(new FakeServerOptions { Schedule = LoadOptions.ParseSchedule(parsed.GetValue(schedule)), WarmUp = true }, ct);
                    client = (LoadCommandSupport.Endpoints.Of(fake, EndpointOptions.TokenCounterFor(endpoint)) with { Timeouts = limits }).Create(scenario.Transport, 0);
                }
                else
                {
                    client = (LoadCommandSupport.Endpoints.Of(endpoint) with { Timeouts = limits }).Create(scenario.Transport, 0);
                }

                await using (client)
                {
                    string dir = outDir.FullPath;
                    console.Error.WriteLine($"load: {scenario.Name}: {scenario.Transport.ToName()} {scenario.Profile.Model.ToString().ToLowerInvariant()} model, {Plural.Of(scenario.Profile.Steps.Count, "step")}, {DurationText.Format(scenario.Profile.Duration)} after {DurationText.Format(scenario.WarmUp)} warm-up, against {scenario.Target}; agent {share}");
                    EndpointOptions.WarnIfInsecure(endpoint, console, commandLine.AcceptAnyCertificate ? "--insecure" : $"{path}: target.insecure");
                    LoadConsole.WarnIfMachineUnmeasured(console);
                    await using (var priming = await CommandPrimer.StartAsync(console, endpoint, begin is not null, fakeInline: false, ct))
                    {
                        if (priming.Primer is { } primer)
                        {
                            await primer.PrimeAsync(scenario, client, new LoadRunOptions { Agent = share }, ct);
                        }
                    }

                    var run = await LoadEngine.RunAsync(scenario, client, new LoadRunOptions
                    {
                        Agent = share,
                        StartAt = begin,
                        Progress = LoadConsole.ProgressPrinter(console),
                        WindowObserver = fake is null ? null : new EmbeddedFakeLateness(fake),
                        Observer = metrics,
                        Journal = journal,
                    }, ct);
                    LoadConsole.EndProgressLine(console);
                    LoadConsole.PrintSeries(console, run);
                    var settings = new Dictionary<string, string>
                    {
                        ["scenario"] = Path.GetFileName(path),
                        ["model_kind"] = scenario.Profile.Model.ToString().ToLowerInvariant(),
                        ["steps"] = string.Join("; ", scenario.Profile.Steps.Select(LoadStepText.Of)),
                        ["warmup"] = DurationText.Format(scenario.WarmUp),
                        ["max_requests"] = scenario.MaxRequests.ToString(CultureInfo.InvariantCulture),
                        ["max_in_flight"] = scenario.MaxInFlight.ToString(CultureInfo.InvariantCulture),
                        ["saturation_threshold_ms"] = scenario.SaturationThreshold.TotalMilliseconds.ToString(CultureInfo.InvariantCulture),
                    };
                    SentSettings.AddTo(settings, scenario.Conversations ?? [.. scenario.Prompts.Select(p => (IReadOnlyList<ChatMessage>)[new ChatMessage("user", p)])], scenario.MaxTokens, scenario.BodyFields, scenario.Headers, limits);
                    LoadCommandSupport.CloseJournal(journal, console);
                    var results = LoadCommandSupport.SaveResults(dir, () => ResultsFiles.Write(dir, scenario.Name, [run], scenario.Target, scenario.Model, settings, share, run.Partial));
                    LoadConsole.WarnIfSaturated(console, results);
                    LoadConsole.WarnIfBuffered(console, results);

                    int judged = slos.Count == 0 ? ExitCodes.Ok
                        : await ClaimJudging.JudgeAsync(dir, slos, null, null, Harness.Reports.Claims.ClaimVerifier.DefaultResamples, Harness.Reports.Claims.ClaimVerifier.DefaultSeed, parsed.GetValue(junit), scenario.Name, console, ct);
                    await LoadCommandSupport.FinishAsync(dir, !parsed.GetValue(noReport), console, CancellationToken.None);
                    int ran = LoadConsole.RunExitCode([run], console);
                    return ran != ExitCodes.Ok ? ran : judged;
                }
            }
            finally
            {
                if (fake is not null)
                {
                    await fake.DisposeAsync();
                }
            }
        });
        return command;
    }

    /// <summary>
    /// What the scenario file's target gave and the run cannot use is named by its key in the file
    /// (<c>target.apiKeyFile</c>, <c>target.model</c>), not by an option the user never gave.
    /// </summary>
    private static void RequireScenarioTarget(string path, EndpointSettings endpoint, EndpointSettings commandLine)
    {
        if (commandLine.ApiKeyFile is null && endpoint.ApiKeyFile is { } keyFile)
        {
            try
            {
                ApiKeySource.Resolve(keyFile);
            }
            catch (Exception ex) when (ex is IOException or FormatException)
            {
                throw new UsageException($"{path}: target.apiKeyFile: {ex.Message}");
            }
        }

        if (endpoint.IsReal && endpoint.Model is null)
        {
            throw new UsageException($"{path}: target.model is required against a real endpoint (the model name your endpoint serves; or give --model)");
        }
    }
}
