using Harness.Clients;

namespace Harness.Load;

/// <summary>
/// A transport comparison: the same requests over each transport at each load point, either
/// closed (<see cref="Concurrencies"/>) or open (<see cref="Rates"/>), measured in
/// <see cref="Rounds"/> interleaved rounds so that what drifts while a run goes (the machine, its
/// neighbours, the timer) lands on every transport alike instead of on whichever ran at a bad moment.
/// </summary>
public sealed record ComparisonPlan
{
    /// <summary>Transports compared, in order.</summary>
    public IReadOnlyList<Transport> Transports { get; init; } = TransportNames.All;

    /// <summary>Closed-model load points: concurrent streams. Ignored when <see cref="Rates"/> is not empty.</summary>
    public IReadOnlyList<int> Concurrencies { get; init; } = [1, 10, 100];

    /// <summary>Open-model load points: requests per second.</summary>
    public IReadOnlyList<double> Rates { get; init; } = [];

    /// <summary>Measured time per series, over all its rounds.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Rounds per load point: each transport's series is measured as this many blocks of
    /// <see cref="RoundDuration"/>, in plan order in odd rounds and reversed in even ones
    /// (A B C, C B A, A B C, ...), so no transport always runs first or last.
    /// </summary>
    public int Rounds { get; init; } = 1;

    /// <summary>Most rounds (the decision's t quantiles are tabulated up to it).</summary>
    public const int MaxRounds = 20;

    /// <summary>Measured time of one block: <see cref="Duration"/> split over the rounds.</summary>
    public TimeSpan RoundDuration => Duration / Rounds;

    /// <summary>The transports in the order round <paramref name="round"/> (1-based) runs them.</summary>
    public IReadOnlyList<Transport> TransportsIn(int round) => round % 2 == 1 ? Transports : [.. Transports.Reverse()];

    /// <summary>Unmeasured warm-up per block (each round's, as the connections rest while the other transports run).</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A new connection per request (true) or pooled connections (false).</summary>
    public bool Cold { get; init; }

    /// <summary>
    /// Keep a round in which the machine stood still (<see cref="Results.MachineStall"/>) instead of
    /// measuring it again: the stall then stays in its series and leaves that load point's tails undecided.
    /// </summary>
    public bool KeepStalledRounds { get; init; }

    /// <summary>Base scenario: model, prompts, headers, caps, thresholds. Its profile is replaced per load point.</summary>
    public required LoadScenario Template { get; init; }

    /// <summary>The scenario of one block: one transport at one load point for one round (<see cref="RoundDuration"/>, its share of the request cap).</summary>
    public LoadScenario ScenarioFor(Transport transport, int? concurrency, double? rate)
    {
        var step = rate is { } r
            ? (Simulations.LoadSimulation)new Simulations.Inject(r, TimeSpan.FromSeconds(1), RoundDuration)
            : new Simulations.KeepConstant(concurrency ?? 1, RoundDuration);
        return Template with
        {
            Transport = transport,
            Profile = new Simulations.LoadProfile([step]),
            WarmUp = WarmUp,
            LoadPoint = null,
            Connections = Cold ? "cold" : "warm",
            MaxRequests = (Template.MaxRequests / Rounds) + (Template.MaxRequests % Rounds == 0 ? 0 : 1),
        };
    }

    /// <summary>The load points: each a concurrency (closed) or a rate (open).</summary>
    public IEnumerable<(int? Concurrency, double? Rate)> LoadPoints() => Rates.Count > 0
        ? Rates.Select(r => ((int?)null, (double?)r))
        : Concurrencies.Select(c => ((int?)c, (double?)null));

    /// <summary>One block's scenario per (load point, transport): the series a complete run returns, load point first.</summary>
    public IEnumerable<LoadScenario> Scenarios() =>
        LoadPoints().SelectMany(p => Transports.Select(t => ScenarioFor(t, p.Concurrency, p.Rate)));
}
