using Harness.Clients;

namespace Harness.Load;

/// <summary>
/// A transport comparison: the same requests over each transport at each load point, either
/// closed (<see cref="Concurrencies"/>) or open (<see cref="Rates"/>).
/// </summary>
public sealed record ComparisonPlan
{
    /// <summary>Transports compared, in order.</summary>
    public IReadOnlyList<Transport> Transports { get; init; } = TransportNames.All;

    /// <summary>Closed-model load points: concurrent streams. Ignored when <see cref="Rates"/> is not empty.</summary>
    public IReadOnlyList<int> Concurrencies { get; init; } = [1, 10, 100];

    /// <summary>Open-model load points: requests per second.</summary>
    public IReadOnlyList<double> Rates { get; init; } = [];

    /// <summary>Measured time per series.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Unmeasured warm-up per series.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A new connection per request (true) or pooled connections (false).</summary>
    public bool Cold { get; init; }

    /// <summary>Base scenario: model, prompts, headers, caps, thresholds. Its profile is replaced per load point.</summary>
    public required LoadScenario Template { get; init; }

    /// <summary>The scenario of one series.</summary>
    public LoadScenario ScenarioFor(Transport transport, int? concurrency, double? rate)
    {
        var step = rate is { } r
            ? (Simulations.LoadSimulation)new Simulations.Inject(r, TimeSpan.FromSeconds(1), Duration)
            : new Simulations.KeepConstant(concurrency ?? 1, Duration);
        return Template with
        {
            Transport = transport,
            Profile = new Simulations.LoadProfile([step]),
            WarmUp = WarmUp,
            LoadPoint = null,
            Connections = Cold ? "cold" : "warm",
        };
    }

    /// <summary>Every (load point, transport) pair, load point first so transports at one load point run back to back.</summary>
    public IEnumerable<LoadScenario> Scenarios()
    {
        if (Rates.Count > 0)
        {
            return Rates.SelectMany(r => Transports.Select(t => ScenarioFor(t, null, r)));
        }

        return Concurrencies.SelectMany(c => Transports.Select(t => ScenarioFor(t, c, null)));
    }
}
