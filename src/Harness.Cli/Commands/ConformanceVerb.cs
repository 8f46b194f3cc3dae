using System.CommandLine;
using Harness.Conformance;
using Harness.Conformance.Parsers;

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
        var url = new Option<string?>("--url") { Description = "Chat-completions endpoint: base URL (http://host:port[/v1]) or the full .../chat/completions URL" };
        var wsUrl = new Option<string?>("--ws-url") { Description = "WebSocket chat endpoint (ws:// or wss://); the ws.* checks skip without it" };
        var model = new Option<string>("--model") { Description = "Model name to request", DefaultValueFactory = _ => "fake" };
        var outDir = new Option<string>("--out") { Description = "Directory for conformance.json and conformance.md", DefaultValueFactory = _ => Path.Combine("artifacts", "conformance") };
        var keyEnv = new Option<string>("--api-key-env") { Description = "Environment variable holding the API key (never printed); unset: no key, and sse.bad-key skips", DefaultValueFactory = _ => "OPENAI_API_KEY" };
        var rateLimit = new Option<string?>("--rate-limit-header") { Description = "Opt-in for sse.retry-after: a request header 'NAME: VALUE' that makes the endpoint answer 429 (fake: 'x-fake-fault: status=429')" };
        var timeout = new Option<double>("--timeout") { Description = "Seconds a check waits for one stream, reply or connection", DefaultValueFactory = _ => 30 };

        var parsers = new Command("parsers", "Run the WHATWG event-stream rules against every SSE parser adapter (whole and 1-byte reads) and print the rule × parser matrix.");
        parsers.SetAction((_, _) =>
        {
            console.Out.Write(ParserMatrix.Run().ToMarkdown());
            return Task.FromResult(ExitCodes.Ok);
        });

        var cmd = new Command("conformance", "Put an SSE/WebSocket chat endpoint through named conformance checks; exit 1 when any fails.")
        {
            url, wsUrl, model, outDir, keyEnv, rateLimit, timeout,
        };
        cmd.Subcommands.Add(parsers);
        cmd.SetAction(async (parsed, ct) =>
        {
            var target = BuildTarget(parsed.GetValue(url), parsed.GetValue(wsUrl), parsed.GetValue(model)!, parsed.GetValue(keyEnv)!, parsed.GetValue(rateLimit), parsed.GetValue(timeout));
            var dir = parsed.GetValue(outDir)!;
            console.Error.WriteLine($"conformance: {target.ChatCompletionsUrl}{(target.WebSocketUrl is null ? "" : $" and {target.WebSocketUrl}")}, model {target.Model}{(target.ApiKey is null ? ", no API key" : ", with an API key")}");
            var report = await ConformanceRunner.RunAsync(target, progress: new InlineProgress(r => console.Error.WriteLine($"  {r.Id}: {r.Status.ToString().ToLowerInvariant()}")), ct: ct);
            console.Out.Write(report.ToTable());
            Directory.CreateDirectory(dir);
            await File.WriteAllTextAsync(Path.Combine(dir, "conformance.json"), report.ToJson(), ct);
            await File.WriteAllTextAsync(Path.Combine(dir, "conformance.md"), report.ToMarkdown(), ct);
            console.Error.WriteLine($"wrote {Path.Combine(dir, "conformance.json")} and conformance.md");
            return report.AnyFailed ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return cmd;
    }

    private static ConformanceTarget BuildTarget(string? url, string? wsUrl, string model, string keyEnv, string? rateLimit, double timeoutSeconds)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new UsageException("--url is required (or use 'conformance parsers')");
        }

        Uri chat;
        try
        {
            chat = ConformanceTarget.ResolveChatCompletionsUrl(url);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"--url: {ex.Message.Split(" (Parameter")[0]}");
        }

        Uri? ws = null;
        if (!string.IsNullOrWhiteSpace(wsUrl))
        {
            if (!Uri.TryCreate(wsUrl, UriKind.Absolute, out ws) || ws.Scheme is not ("ws" or "wss"))
            {
                throw new UsageException($"--ws-url: '{wsUrl}' is not an absolute ws:// or wss:// URL");
            }
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
            throw new UsageException($"--timeout must be 0..3600 seconds, got {timeoutSeconds}");
        }

        var key = Environment.GetEnvironmentVariable(keyEnv);
        return new ConformanceTarget
        {
            ChatCompletionsUrl = chat,
            WebSocketUrl = ws,
            Model = model,
            ApiKey = string.IsNullOrEmpty(key) ? null : key,
            RateLimitHeader = header,
            Timeout = TimeSpan.FromSeconds(timeoutSeconds),
        };
    }

    /// <summary>Reports on the calling thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class InlineProgress(Action<CheckResult> report) : IProgress<CheckResult>
    {
        public void Report(CheckResult value) => report(value);
    }
}
