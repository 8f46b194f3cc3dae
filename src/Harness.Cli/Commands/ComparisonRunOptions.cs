using System.CommandLine;
using Harness.Cli.Options;
using Harness.Clients;
using Harness.Core;

namespace Harness.Cli.Commands;

/// <summary>
/// The options that describe a comparison run and are parsed the same way wherever one is run:
/// <c>compare</c>, and <c>verify</c> without a results directory. Each verb adds its own
/// (load points, agents, ...) and its own defaults for duration and warm-up. The endpoint options
/// are the shared vocabulary (<see cref="EndpointOptions"/>).
/// </summary>
internal sealed class ComparisonRunOptions
{
    /// <summary>Creates the options; <paramref name="prefix"/> starts every description (e.g. "Run: ").</summary>
    public ComparisonRunOptions(string prefix, string defaultDuration, string defaultWarmUp)
    {
        Transports = new Option<string?>("--transports") { Description = prefix + "Transports, comma-separated: sse, sse-h2, ws. Default: all three against the embedded fake; against a real endpoint those it has a URL for (sse, plus sse-h2 for https, from --url; ws from --ws-url)." };
        Duration = new Option<string>("--duration") { Description = prefix + "Measured time per series (30s, 2m, ...).", DefaultValueFactory = _ => defaultDuration };
        WarmUp = new Option<string>("--warmup") { Description = prefix + "Unmeasured warm-up per series.", DefaultValueFactory = _ => defaultWarmUp };
        DrainTimeout = new Option<string>("--drain-timeout") { Description = prefix + "How long a series waits after its time for requests still running (those it cuts end as timeout(drain)); with --start-at it also sizes every block's slot.", DefaultValueFactory = _ => DurationText.Format(Harness.Load.LoadScenario.DefaultDrainTimeout) };
        Cold = new Option<bool>("--cold") { Description = prefix + "A new connection per request (connect and TLS in every latency)." };
        Output = new Option<string?>("--out") { Description = prefix + "Results directory (default results/<timestamp>)." };
        Schedule = new Option<string?>("--schedule") { Description = prefix + "The embedded fake's token schedule, compact form (default ttft=100,itl=20,tokens=50)." };
        Endpoint = new EndpointOptions(prefix);
        Force = LoadCommandSupport.ForceOption();
        Timeouts = new TimeoutOptions(prefix);
    }

    public Option<string?> Transports { get; }

    public Option<string> Duration { get; }

    public Option<string> WarmUp { get; }

    public Option<string> DrainTimeout { get; }

    public Option<bool> Cold { get; }

    public Option<string?> Output { get; }

    public Option<string?> Schedule { get; }

    public EndpointOptions Endpoint { get; }

    public Option<bool> Force { get; }

    public TimeoutOptions Timeouts { get; }

    /// <summary>Every option, to add to a command.</summary>
    public IReadOnlyList<Option> All => [Transports, Duration, WarmUp, DrainTimeout, Cold, Output, Force, Schedule, .. Timeouts.All, .. Endpoint.All];

    /// <summary><paramref name="settings"/> with these options' values parsed in (a usage error names the bad one).</summary>
    public CompareSettings Apply(ParseResult parsed, CompareSettings settings)
    {
        var endpoint = Endpoint.Bind(parsed);
        string? transports = parsed.GetValue(Transports);
        return settings with
        {
            Transports = transports is not null ? LoadOptions.ParseTransports(transports) : DefaultTransports(endpoint),
            Duration = LoadOptions.ParseDuration(parsed.GetValue(Duration)!, "--duration"),
            WarmUp = LoadOptions.ParseDuration(parsed.GetValue(WarmUp)!, "--warmup"),
            DrainTimeout = LoadOptions.ParseDuration(parsed.GetValue(DrainTimeout)!, "--drain-timeout"),
            Cold = parsed.GetValue(Cold),
            OutDirectory = parsed.GetValue(Output),
            Force = parsed.GetValue(Force),
            Endpoint = endpoint,
            Schedule = LoadOptions.ParseSchedule(parsed.GetValue(Schedule)),
            Timeouts = Timeouts.Bind(parsed),
        };
    }

    /// <summary>
    /// The transports that have an endpoint: all three for the embedded fake; sse (and sse-h2 over
    /// https, where ALPN negotiates HTTP/2; few servers speak cleartext h2c) for --url; ws for --ws-url.
    /// </summary>
    public static IReadOnlyList<Transport> DefaultTransports(EndpointSettings endpoint)
    {
        if (!endpoint.IsReal)
        {
            return TransportNames.All;
        }

        var list = new List<Transport>();
        if (endpoint.Url is { } url)
        {
            list.Add(Transport.Sse);
            if (url.Scheme == Uri.UriSchemeHttps)
            {
                list.Add(Transport.SseHttp2);
            }
        }

        if (endpoint.WebSocketUrl is not null)
        {
            list.Add(Transport.WebSocket);
        }

        return list;
    }
}
