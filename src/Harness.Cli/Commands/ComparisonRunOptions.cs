using System.CommandLine;

namespace Harness.Cli.Commands;

/// <summary>
/// The options that describe a comparison run and are parsed the same way wherever one is run:
/// <c>compare</c>, and <c>verify</c> without a results directory. Each verb adds its own
/// (load points, agents, ...) and its own defaults for duration and warm-up.
/// </summary>
internal sealed class ComparisonRunOptions
{
    /// <summary>Creates the options; <paramref name="prefix"/> starts every description (e.g. "Run: ").</summary>
    public ComparisonRunOptions(string prefix, string defaultDuration, string defaultWarmUp)
    {
        Transports = new Option<string>("--transports") { Description = prefix + "Transports to compare, comma-separated: sse, sse-h2, ws.", DefaultValueFactory = _ => "sse,sse-h2,ws" };
        Duration = new Option<string>("--duration") { Description = prefix + "Measured time per series (30s, 2m, ...).", DefaultValueFactory = _ => defaultDuration };
        WarmUp = new Option<string>("--warmup") { Description = prefix + "Unmeasured warm-up per series.", DefaultValueFactory = _ => defaultWarmUp };
        Cold = new Option<bool>("--cold") { Description = prefix + "A new connection per request (connect and TLS in every latency)." };
        Output = new Option<string?>("--out") { Description = prefix + "Results directory (default results/<timestamp>)." };
        Url = new Option<string?>("--url") { Description = prefix + "A real endpoint's base URL for sse and sse-h2 (default: the embedded fake)." };
        WebSocketUrl = new Option<string?>("--ws-url") { Description = prefix + "A real endpoint's WebSocket URL for ws." };
        Model = new Option<string?>("--model") { Description = prefix + "Model name (default: fake, with --schedule)." };
        Schedule = new Option<string?>("--schedule") { Description = prefix + "The embedded fake's token schedule, compact form (default ttft=100,itl=20,tokens=50)." };
        KeyFile = new Option<string?>("--key-file") { Description = prefix + "File holding the API key for --url (else HARNESS_API_KEY, OPENAI_API_KEY)." };
    }

    public Option<string> Transports { get; }

    public Option<string> Duration { get; }

    public Option<string> WarmUp { get; }

    public Option<bool> Cold { get; }

    public Option<string?> Output { get; }

    public Option<string?> Url { get; }

    public Option<string?> WebSocketUrl { get; }

    public Option<string?> Model { get; }

    public Option<string?> Schedule { get; }

    public Option<string?> KeyFile { get; }

    /// <summary>Every option, to add to a command.</summary>
    public IReadOnlyList<Option> All => [Transports, Duration, WarmUp, Cold, Output, Url, WebSocketUrl, Model, Schedule, KeyFile];

    /// <summary><paramref name="settings"/> with these options' values parsed in (a usage error names the bad one).</summary>
    public CompareVerb.Settings Apply(ParseResult parsed, CompareVerb.Settings settings) => settings with
    {
        Transports = LoadCommandSupport.ParseTransports(parsed.GetValue(Transports)!),
        Duration = LoadCommandSupport.ParseDuration(parsed.GetValue(Duration)!, "--duration"),
        WarmUp = LoadCommandSupport.ParseDuration(parsed.GetValue(WarmUp)!, "--warmup"),
        Cold = parsed.GetValue(Cold),
        OutDirectory = parsed.GetValue(Output),
        Url = LoadCommandSupport.ParseUrl(parsed.GetValue(Url), "--url"),
        WebSocketUrl = LoadCommandSupport.ParseUrl(parsed.GetValue(WebSocketUrl), "--ws-url"),
        Model = parsed.GetValue(Model),
        Schedule = LoadCommandSupport.ParseSchedule(parsed.GetValue(Schedule)),
        KeyFile = parsed.GetValue(KeyFile),
    };
}
