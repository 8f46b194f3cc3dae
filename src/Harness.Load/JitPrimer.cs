using System.Diagnostics;
using System.Runtime;
using Harness.Clients;
using Harness.Load.Simulations;

namespace Harness.Load;

/// <summary>
/// Before a transport's first heavily loaded series, runs that series' load unmeasured in one-second
/// rounds until the JIT compiled for under <see cref="SettledShare"/> of a round (at most
/// <see cref="MaxRounds"/>). Tiering up takes the JIT several seconds of a 2-core machine: a
/// 200-stream SSE series measured after the usual 2 s warm-up was marked saturated by the JIT
/// alone, and in a comparison the transport measured first paid for it. One primer serves a whole
/// command, so each transport is primed once.
/// </summary>
public sealed class JitPrimer
{
    /// <summary>Share of a round's wall time the JIT may still spend compiling when priming stops.</summary>
    public const double SettledShare = 0.02;

    /// <summary>Most rounds per transport.</summary>
    public const int MaxRounds = 8;

    /// <summary>Fewest copies (closed) or requests per second (open) a series needs to be primed.</summary>
    public const int HeavyLoad = 100;

    private readonly HashSet<Transport> _primed = [];
    private readonly Action<Transport>? _starting;
    private readonly Action<Transport, int, double>? _report;

    /// <summary>
    /// Creates a primer; <paramref name="starting"/> hears of each transport before its priming and
    /// <paramref name="report"/> after it, with the rounds run and the JIT's share of the last one.
    /// </summary>
    public JitPrimer(Action<Transport>? starting = null, Action<Transport, int, double>? report = null)
    {
        _starting = starting;
        _report = report;
    }

    /// <summary>
    /// Primes <paramref name="scenario"/>'s transport with <paramref name="client"/> (this agent's
    /// share of the load, as in <paramref name="options"/>) unless it was primed already or the
    /// scenario is light: under <see cref="HeavyLoad"/> copies or requests per second the JIT's CPU
    /// does not disturb the figures, and a later, heavier series of the transport is primed instead.
    /// </summary>
    public async Task PrimeAsync(LoadScenario scenario, IChatStreamClient client, LoadRunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        var round = TimeSpan.FromSeconds(1);
        var first = scenario.Profile.Steps.First(s => s is not Pause);
        (double load, LoadSimulation step) = first switch
        {
            OpenSimulation o => (o.Rate / o.Interval.TotalSeconds, new Inject(o.Rate / o.Interval.TotalSeconds, round, round)),
            ClosedSimulation c => ((double)c.Copies, (LoadSimulation)new KeepConstant(c.Copies, round)),
            _ => (0.0, new Pause(round)),
        };
        if (load < HeavyLoad || !_primed.Add(scenario.Transport))
        {
            return;
        }

        var priming = scenario with { Profile = new LoadProfile([step]), WarmUp = TimeSpan.Zero, LoadPoint = "priming", DrainTimeout = TimeSpan.FromSeconds(10) };
        _starting?.Invoke(scenario.Transport);
        int rounds = 0;
        double share = 1;
        while (rounds < MaxRounds && share >= SettledShare && !cancellationToken.IsCancellationRequested)
        {
            var jitBefore = JitInfo.GetCompilationTime(currentThread: false);
            long start = Stopwatch.GetTimestamp();
            await LoadEngine.RunAsync(priming, client, options with { StartAt = null, Progress = null, MaxRequestRows = 0 }, cancellationToken).ConfigureAwait(false);
            share = (JitInfo.GetCompilationTime(currentThread: false) - jitBefore) / Stopwatch.GetElapsedTime(start);
            rounds++;
        }

        _report?.Invoke(scenario.Transport, rounds, share);
    }
}
