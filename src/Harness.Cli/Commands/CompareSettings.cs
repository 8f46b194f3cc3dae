using System.Globalization;
using Harness.Cli.Options;
using Harness.Clients;
using Harness.Core;
using Harness.Core.Schedule;
using Harness.Load;
using Harness.Load.Results;
using Harness.Load.Simulations;

namespace Harness.Cli.Commands;

/// <summary>
/// The settings of one comparison (<c>compare</c>, the main job, <c>verify</c> running one): what
/// the plan is made from, what the run's first line says and what results.json records.
/// </summary>
internal sealed record CompareSettings
{
    public IReadOnlyList<Transport> Transports { get; init; } = TransportNames.All;

    public IReadOnlyList<int> Concurrencies { get; init; } = [1, 10, 100];

    public IReadOnlyList<double> Rates { get; init; } = [];

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Interleaved rounds per load point (<see cref="ComparisonPlan.Rounds"/>); 1 for runs that compare no transports (verify).</summary>
    public int Rounds { get; init; } = 1;

    public TimeSpan DrainTimeout { get; init; } = LoadScenario.DefaultDrainTimeout;

    public bool Cold { get; init; }

    /// <summary><see cref="ComparisonPlan.KeepStalledRounds"/> (<c>--keep-stalled-rounds</c>).</summary>
    public bool KeepStalledRounds { get; init; }

    public string? OutDirectory { get; init; }

    public EndpointSettings Endpoint { get; init; } = new();

    public bool Force { get; init; }

    public TokenSchedule Schedule { get; init; } = TokenSchedule.Default;

    public long MaxRequests { get; init; } = 1_000_000;

    public int Retries { get; init; }

    public double SaturationThresholdMs { get; init; } = 5;

    public AgentShare Agent { get; init; } = AgentShare.Whole;

    public DateTimeOffset? StartAt { get; init; }

    public IReadOnlyList<Harness.Reports.Claims.Claim> Thresholds { get; init; } = [];

    public string? JUnitFile { get; init; }

    public bool Report { get; init; } = true;

    /// <summary>False when the caller prints the last line itself (verify: its report comes after its verdicts).</summary>
    public bool PrintsPath { get; init; } = true;

    public bool FakeInline { get; init; }

    public bool FindCapacity { get; init; }

    public int? MetricsPort { get; init; }

    /// <summary>Per-request limits (--connect-timeout, --first-token-timeout, --idle-timeout, --total-timeout).</summary>
    public ClientTimeouts Timeouts { get; init; } = new();

    /// <summary>The plan the runner follows: these settings, each load point's scenario made from one template.</summary>
    public ComparisonPlan PlanFor(string name, string model, string target) => new()
    {
        Transports = Transports,
        Concurrencies = Concurrencies,
        Rates = Rates,
        Duration = Duration,
        Rounds = Rounds,
        WarmUp = WarmUp,
        Cold = Cold,
        KeepStalledRounds = KeepStalledRounds,
        Template = new LoadScenario
        {
            Name = name,
            Model = model,
            Target = target,
            Conversations = EndpointOptions.ConversationsFor(Endpoint, "Say hello."),
            Headers = Endpoint.Headers,
            MaxTokens = Endpoint.MaxTokens,
            BodyFields = Endpoint.BodyFields,
            MaxRequests = MaxRequests,
            DrainTimeout = DrainTimeout,
            SaturationThreshold = TimeSpan.FromMilliseconds(SaturationThresholdMs),
            Profile = new LoadProfile([new KeepConstant(1, Duration)]),
        },
    };

    /// <summary>The run's first line on stderr: what is compared, how, against what.</summary>
    public string Header(string name, string target, bool embedded)
    {
        string transports = string.Join(",", Transports.Select(t => t.ToName()));
        string points = Rates.Count > 0
            ? "rate " + string.Join(",", Rates.Select(r => r.ToString(CultureInfo.InvariantCulture))) + "/s"
            : "concurrency " + string.Join(",", Concurrencies);
        string connections = Cold ? "cold" : "warm";
        string schedule = embedded ? $" ({Schedule.ToCompactString()})" : string.Empty;
        string rounds = Rounds > 1 ? $" in {Rounds} interleaved rounds, each" : string.Empty;
        return $"{name}: {transports} × {points}, {DurationText.Format(Duration)} each{rounds} after "
            + $"{DurationText.Format(WarmUp)} warm-up, {connections} connections, "
            + $"against {target}{schedule}; agent {Agent}";
    }

    /// <summary>The settings recorded in results.json.</summary>
    public Dictionary<string, string> Recorded(bool embedded)
    {
        var recorded = new Dictionary<string, string>
        {
            ["transports"] = string.Join(",", Transports.Select(t => t.ToName())),
            ["model_kind"] = Rates.Count > 0 ? "open" : "closed",
            ["load_points"] = Rates.Count > 0 ? string.Join(",", Rates.Select(r => r.ToString(CultureInfo.InvariantCulture))) + " req/s" : string.Join(",", Concurrencies) + " concurrent",
            ["duration"] = DurationText.Format(Duration),
            ["warmup"] = DurationText.Format(WarmUp),
            ["rounds"] = Rounds.ToString(CultureInfo.InvariantCulture),
            ["connections"] = Cold ? "cold" : "warm",
            ["schedule"] = embedded ? Schedule.ToCompactString() : "server's",
            ["saturation_threshold_ms"] = SaturationThresholdMs.ToString(CultureInfo.InvariantCulture),
            ["retries"] = Retries.ToString(CultureInfo.InvariantCulture),
            ["fake_inline"] = FakeInline ? "true" : "false",
        };
        if (KeepStalledRounds)
        {
            recorded["keep_stalled_rounds"] = "true";
        }

        if (DrainTimeout != LoadScenario.DefaultDrainTimeout)
        {
            // Only when given: results from before the option still match runs at its default (diff, merge).
            recorded["drain_timeout"] = DurationText.Format(DrainTimeout);
        }

        SentSettings.AddTo(recorded, EndpointOptions.ConversationsFor(Endpoint, "Say hello."), Endpoint.MaxTokens, Endpoint.BodyFields, Endpoint.Headers, Timeouts);
        return recorded;
    }
}
