using System.Runtime;
using Harness.Clients;
using Harness.Load.Simulations;

namespace Harness.Load;

/// <summary>
/// Before a transport's first heavily loaded series (<see cref="PrimedFrom"/> copies or requests per
/// second and up), runs <see cref="PrimingLoad"/> copies (or requests per second) of it unmeasured, in one-second rounds, until a round compiles fewer than
/// <see cref="SettledMethods"/> methods (at most <see cref="MaxRounds"/> rounds). Tiering up takes
/// the JIT several seconds of a 2-core machine: a 200-stream SSE series measured after the usual
/// 2 s warm-up was marked saturated by the JIT alone, and in a comparison the transport measured
/// first paid for it. Priming runs at the light end of heavy because the JIT's work is the same at
/// any load (methods tier up after a number of calls) and finishes sooner with CPU to spare: ~1,000
/// methods a round for 5 rounds at 100 streams, still ~500 a round after 7 rounds at 1,000. One
/// primer serves a whole command, so each transport is primed once.
/// </summary>
public sealed class JitPrimer
{
    /// <summary>Methods a round may still compile when priming stops.</summary>
    public const int SettledMethods = 50;

    /// <summary>Most rounds per transport.</summary>
    public const int MaxRounds = 10;

    /// <summary>
    /// Copies (closed) or requests per second (open) from which a series is primed. Below it the
    /// JIT's CPU did not show: 100 SSE streams read a lag p99 under 1 ms unprimed, 200 read 5.28 ms.
    /// </summary>
    public const int PrimedFrom = 200;

    /// <summary>Copies (closed) or requests per second (open) a priming round runs.</summary>
    public const int PrimingLoad = 100;

    private readonly HashSet<Transport> _primed = [];
    private readonly Action<Transport>? _starting;
    private readonly Action<Transport, int, long>? _report;

    /// <summary>
    /// Creates a primer; <paramref name="starting"/> hears of each transport before its priming and
    /// <paramref name="report"/> after it, with the rounds run and the methods compiled in the last one.
    /// </summary>
    public JitPrimer(Action<Transport>? starting = null, Action<Transport, int, long>? report = null)
    {
        _starting = starting;
        _report = report;
    }

    /// <summary>
    /// Primes <paramref name="scenario"/>'s transport with <paramref name="client"/> (this agent's
    /// share of the load, as in <paramref name="options"/>) unless it was primed already or the
    /// scenario is light: under <see cref="PrimedFrom"/> the JIT's CPU does not disturb the figures,
    /// and a later, heavier series of the transport is primed instead.
    /// </summary>
    public async Task PrimeAsync(LoadScenario scenario, IChatStreamClient client, LoadRunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        var round = TimeSpan.FromSeconds(1);
        var first = scenario.Profile.Steps.First(s => s is not Pause);
        (double load, LoadSimulation step) = first switch
        {
            OpenSimulation o => (o.Rate / o.Interval.TotalSeconds, new Inject(PrimingLoad, round, round)),
            ClosedSimulation c => ((double)c.Copies, (LoadSimulation)new KeepConstant(PrimingLoad, round)),
            _ => (0.0, new Pause(round)),
        };
        if (load < PrimedFrom || !_primed.Add(scenario.Transport))
        {
            return;
        }

        var priming = scenario with { Profile = new LoadProfile([step]), WarmUp = TimeSpan.Zero, LoadPoint = "priming", DrainTimeout = TimeSpan.FromSeconds(10) };
        _starting?.Invoke(scenario.Transport);
        int rounds = 0;
        long compiled = long.MaxValue;
        while (rounds < MaxRounds && compiled >= SettledMethods && !cancellationToken.IsCancellationRequested)
        {
            long before = JitInfo.GetCompiledMethodCount(currentThread: false);
            await LoadEngine.RunAsync(priming, client, options with { StartAt = null, Progress = null, WindowObserver = null, MaxRequestRows = 0, Journal = null }, cancellationToken).ConfigureAwait(false);
            compiled = JitInfo.GetCompiledMethodCount(currentThread: false) - before;
            rounds++;
        }

        _report?.Invoke(scenario.Transport, rounds, compiled);
    }
}
