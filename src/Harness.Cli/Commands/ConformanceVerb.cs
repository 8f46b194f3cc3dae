using System.CommandLine;
using System.Globalization;
using Harness.Cli.Options;
using Harness.Clients;
using Harness.Conformance;
using Harness.Conformance.Parsers;
using Harness.Load.Results;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness conformance --url URL [--ws-url URL]</c>: named streaming checks against any endpoint;
/// <c>harness conformance parsers</c>: the WHATWG rule × parser matrix.
/// </summary>
public sealed class ConformanceVerb : ICliVerb
{
    /// <inheritdoc/>
    public int Order => 50;

    /// <inheritdoc/>
    public Command Create(CliConsole console)
    {
        var outDir = new Option<string>("--out") { Description = "Directory for conformance.json and conformance.md", DefaultValueFactory = _ => Path.Combine("artifacts", "conformance") };
        var rateLimit = new Option<string?>("--rate-limit-header") { Description = "Opt-in for sse.retry-after: a request header 'NAME: VALUE' that makes the endpoint answer 429 (fake: 'x-fake-fault: status=429')" };
        var junit = new Option<string?>("--junit") { Description = "Also write JUnit XML to FILE: a test case per check (skipped checks skipped, the evidence in the failure message)." };
        var force = new Option<bool>("--force") { Description = "Replace conformance.json and conformance.md in --out, and an existing --junit file, from an earlier run." };
        var timeout = new Option<double>("--timeout") { Description = "Seconds a check waits for one stream, reply or connection", DefaultValueFactory = _ => 30 };

        var parsers = new Command("parsers", "Run the WHATWG event-stream rules against every SSE parser adapter (whole and 1-byte reads) and print the rule × parser matrix.");
        parsers.SetAction((_, _) =>
        {
            console.Out.Write(ParserMatrix.Run().ToMarkdown());
            return Task.FromResult(ExitCodes.Ok);
        });

        var cmd = new Command("conformance", "Put an SSE/WebSocket chat endpoint through named conformance checks; exit 1 when any fails.")
        {
            outDir, force, rateLimit, timeout, junit,
        };
        // The endpoint vocabulary; conformance writes its own requests, so only the connection options.
        var endpointOptions = new EndpointOptions(requestOptions: false);
        endpointOptions.AddTo(cmd);
        cmd.Subcommands.Add(parsers);
        cmd.SetAction(async (parsed, ct) =>
        {
            var endpoint = endpointOptions.Bind(parsed);
            var target = BuildTarget(endpoint, parsed.GetValue(rateLimit), parsed.GetValue(timeout));
            WritableFile.Require(parsed.GetValue(junit), "--junit", parsed.GetValue(force), createDirectory: true);
            // Before any check runs: a bad --out fails now, not after the whole suite. The same two
            // files are written each time, atomically. The default directory holds the latest run;
            // a directory the user named keeps an earlier run's files unless --force.
            using var claimed = OutputDirectory.Claim(parsed.GetValue(outDir)!, "harness conformance", force: false, reuse: true);
            string dir = claimed.FullPath;
            foreach (string file in (string[])["conformance.json", "conformance.md"])
            {
                // An earlier run's report may be the only copy of it.
                if (File.Exists(Path.Combine(dir, file)) && !parsed.GetValue(force) && parsed.GetResult(outDir) is { Implicit: false })
                {
                    throw new UsageException($"--out: {Path.Combine(dir, file)} exists (an earlier run's); give --force to replace it");
                }
            }

            console.Error.WriteLine($"conformance: {EndpointUrl.ForDisplay(target.ChatCompletionsUrl)}{(target.WebSocketUrl is null ? "" : $" and {EndpointUrl.ForDisplay(target.WebSocketUrl)}")}, model {target.Model}{(target.ApiKey is null ? ", no API key" : ", with an API key")}");
            EndpointOptions.WarnIfInsecure(endpoint, console);
            var report = await ConformanceRunner.RunAsync(target, progress: new InlineProgress(r => console.Error.WriteLine($"  {r.Id}: {r.Status.ToString().ToLowerInvariant()}")), ct: ct);
            console.Out.Write(report.ToTable());
            // The checks' evidence is the clients' wording, which cannot name an option: said once here.
            if (report.Results.Any(r => r.Status == CheckStatus.Fail && r.Evidence.Contains(TransportErrorText.UntrustedCertificate, StringComparison.Ordinal)))
            {
                console.Error.WriteLine($"harness: {TransportErrorText.UntrustedCertificate}; {EndpointOptions.InsecureHint}");
            }

            AtomicFile.WriteText(Path.Combine(dir, "conformance.json"), report.ToJson());
            AtomicFile.WriteText(Path.Combine(dir, "conformance.md"), report.ToMarkdown());
            console.Error.WriteLine($"wrote {Path.Combine(dir, "conformance.json")} and conformance.md");
            if (parsed.GetValue(junit) is { } junitPath)
            {
                Harness.Reports.JUnit.JUnitWriter.Write(junitPath, "conformance", [.. report.Results.Select(r => new Harness.Reports.JUnit.JUnitCase(
                    "conformance." + r.Transport,
                    r.Id,
                    r.Status switch { CheckStatus.Pass => Harness.Reports.JUnit.JUnitOutcome.Passed, CheckStatus.Skip => Harness.Reports.JUnit.JUnitOutcome.Skipped, _ => Harness.Reports.JUnit.JUnitOutcome.Failed },
                    r.Status == CheckStatus.Pass ? null : r.Evidence,
                    r.Description + "\n" + r.Evidence,
                    r.Elapsed.TotalSeconds))]);
                console.Error.WriteLine($"wrote JUnit {junitPath}");
            }
            return report.AnyFailed ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return cmd;
    }

    private static ConformanceTarget BuildTarget(EndpointSettings endpoint, string? rateLimit, double timeoutSeconds)
    {
        if (endpoint.Url is null)
        {
            throw new UsageException($"--url is required (or ${EndpointOptions.BaseUrlVariable}; or use 'conformance parsers')");
        }

        Uri chat;
        try
        {
            chat = ConformanceTarget.ResolveChatCompletionsUrl(endpoint.Url.ToString());
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"--url: {ex.Message.Split(" (Parameter")[0]}");
        }

        KeyValuePair<string, string>? header = null;
        if (!string.IsNullOrWhiteSpace(rateLimit))
        {
            var colon = rateLimit.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new UsageException($"--rate-limit-header: '{rateLimit}' is not 'NAME: VALUE'");
            }

            header = new(rateLimit[..colon].Trim(), rateLimit[(colon + 1)..].Trim());
        }

        if (timeoutSeconds is not (> 0 and <= 3600))
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--timeout must be above 0 and at most 3600 seconds, got {timeoutSeconds}"));
        }

        return new ConformanceTarget
        {
            ChatCompletionsUrl = chat,
            WebSocketUrl = endpoint.WebSocketUrl,
            Model = EndpointOptions.ModelFor(endpoint),
            ApiKey = EndpointOptions.ApiKeyFor(endpoint),
            Headers = endpoint.Headers,
            RateLimitHeader = header,
            CertificateValidation = EndpointOptions.CertificateValidationFor(endpoint),
            Timeout = TimeSpan.FromSeconds(timeoutSeconds),
        };
    }

    /// <summary>Reports on the calling thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class InlineProgress(Action<CheckResult> report) : IProgress<CheckResult>
    {
        public void Report(CheckResult value) => report(value);
    }
}
