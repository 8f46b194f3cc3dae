using System.Text.Json;
using Harness.Clients;
using Harness.Load.Results;
using Harness.Load.Simulations;

namespace Harness.Load;

/// <summary>
/// What one load run does: the target (transport, endpoint, model, prompts), a warm-up that is not
/// measured, and a <see cref="LoadProfile"/>. Every run is bounded by the profile's duration and by
/// <see cref="MaxRequests"/>, and stops by itself.
/// </summary>
public sealed record LoadScenario
{
    /// <summary>Scenario name, used in results.</summary>
    public string Name { get; init; } = "load";

    /// <summary>The transport.</summary>
    public Transport Transport { get; init; } = Transport.Sse;

    /// <summary>The endpoint, for the results (the client already knows it): a URL or <c>embedded fake</c>.</summary>
    public string Target { get; init; } = RunResults.EmbeddedFakeTarget;

    /// <summary>The model name sent.</summary>
    public string Model { get; init; } = "fake";

    /// <summary>Prompts, used in turn.</summary>
    public IReadOnlyList<string> Prompts { get; init; } = ["Say hello."];

    /// <summary>Whole conversations (<c>--prompts FILE.jsonl</c>), used in turn instead of <see cref="Prompts"/> when set.</summary>
    public IReadOnlyList<IReadOnlyList<ChatMessage>>? Conversations { get; init; }

    /// <summary>Fields merged into every request body (<c>--body</c>).</summary>
    public IReadOnlyDictionary<string, JsonElement>? BodyFields { get; init; }

    /// <summary>SLO texts judged after the run (<c>thresholds</c>; the claim grammar of <c>verify</c>).</summary>
    public IReadOnlyList<string> Thresholds { get; init; } = [];

    /// <summary>Extra request headers (for example <c>x-fake-fault</c>); never an API key.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary><c>max_tokens</c>, if set.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Load before measuring, at the first step's level; its requests are not recorded.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.Zero;

    /// <summary>The load steps.</summary>
    public required LoadProfile Profile { get; init; }

    /// <summary>Most requests started in the measured window (warm-up excluded); the run stops there.</summary>
    public long MaxRequests { get; init; } = 1_000_000;

    /// <summary>
    /// Open model only: most requests in flight (like wrk2's connection count); arrivals beyond it wait
    /// for a slot with their clock already running from the intended start. 0 = unlimited.
    /// </summary>
    public int MaxInFlight { get; init; }

    /// <summary>The drain timeout when none is given: long enough for slow streams to finish.</summary>
    public static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long requests still in flight when the profile ends may take before they are cancelled.</summary>
    public TimeSpan DrainTimeout { get; init; } = DefaultDrainTimeout;

    /// <summary>Scheduling-lag p99 above which the run is marked harness-saturated.</summary>
    public TimeSpan SaturationThreshold { get; init; } = TimeSpan.FromMilliseconds(SaturationStatus.DefaultThresholdMs);

    /// <summary>A send whose start lags its intended start by more than this counts as late.</summary>
    public TimeSpan LateSendThreshold { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Seed of Poisson arrivals.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Label of the load point in tags and files (<c>c10</c>, <c>r20</c>); derived from the profile when null.</summary>
    public string? LoadPoint { get; init; }

    /// <summary><c>warm</c> or <c>cold</c>, as the client was configured (for results only).</summary>
    public string Connections { get; init; } = "warm";

    /// <summary>The load point label in use.</summary>
    public string LoadPointLabel => LoadPoint ?? (Profile.Model == LoadModel.Closed
        ? $"c{Profile.PeakCopies}"
        : $"r{Profile.PeakRatePerSecond:0.###}");

    /// <summary>The requests the run cycles through, one per conversation (or prompt).</summary>
    public IReadOnlyList<ChatRequest> ChatRequests() =>
        (Conversations ?? Prompts.Select(p => (IReadOnlyList<ChatMessage>)[new ChatMessage("user", p)]).ToList())
            .Select(messages => new ChatRequest
            {
                Model = Model,
                Messages = messages,
                Headers = Headers,
                MaxTokens = MaxTokens,
                BodyFields = BodyFields,
            })
            .ToList();

    /// <summary>Throws <see cref="LoadProfileException"/> when the scenario cannot run.</summary>
    public void Validate()
    {
        Profile.Validate();
        if (MaxRequests < 1)
        {
            throw new LoadProfileException(LoadProfileError.InvalidMaxRequests, $"max requests must be at least 1, got {MaxRequests}");
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            throw new LoadProfileException(LoadProfileError.InvalidTarget, "the target needs a model");
        }

        // Conversations, when given, are what the run sends; an empty list would leave it nothing to cycle through.
        if (Conversations is { Count: 0 } || (Conversations is null && (Prompts.Count == 0 || Prompts.Any(string.IsNullOrEmpty))))
        {
            throw new LoadProfileException(LoadProfileError.InvalidTarget, "the target needs at least one prompt, and no empty one");
        }

        if (WarmUp < TimeSpan.Zero || WarmUp > LoadProfile.MaxDuration || DrainTimeout < TimeSpan.Zero)
        {
            throw new LoadProfileException(LoadProfileError.InvalidDuration, "warm-up and drain timeout must not be negative");
        }

        if (MaxInFlight < 0)
        {
            throw new LoadProfileException(LoadProfileError.InvalidCopies, $"max in flight must not be negative, got {MaxInFlight}");
        }
    }
}
