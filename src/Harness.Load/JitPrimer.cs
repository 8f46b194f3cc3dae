using System.Diagnostics;
using System.Runtime;
using Harness.Clients;
using Harness.Core;
using Harness.Load.Results;
using Harness.Load.Simulations;

namespace Harness.Load;

/// <summary>
/// Before a transport's first series, runs <see cref="PrimingLoad"/> copies (or requests per second)
/// of it unmeasured, in rounds of up to one second and <see cref="PrimingLoad"/> requests, each
/// drained to its last response, until a whole <see cref="QuietWindow"/> of rounds compiles
/// fewer than <see cref="SettledMethods"/> methods (at most <see cref="Limit"/>). Without it the
/// transport measured first pays inside its window for the process's one-time work (code compiled on
/// first use, several seconds of tiering up on a 2-core machine): at 10 streams its TTFT p99 read
/// 2–8 ms and its e2e p99 5–14 ms above the other's, whichever transport went first, enough to decide
/// a comparison; at 200 it marked the series saturated. The quiet stretch must outlast the runtime's
/// tier-up delay (a second when the process has one CPU): one quiet round of a tenth of a second
/// stopped priming there before tiering up had begun, and 500 streams measured on tier-0 code read a
/// lag p99 of 3–17 ms. Priming runs 100 streams because the JIT's work is the same at any load
/// (methods tier up after a number of calls) and finishes sooner with CPU to spare. One primer serves
/// a whole command, so each transport is primed once. With a stand-in (an in-process fake, as the CLI
/// always uses) the client's code is the same, and the endpoint gets no unmeasured load it was not
/// asked for.
/// </summary>
public sealed class JitPrimer
{
    /// <summary>Methods a quiet window of rounds may still compile when priming stops.</summary>
    public const int SettledMethods = 50;

    /// <summary>
    /// How long a stretch of priming must compile fewer than <see cref="SettledMethods"/> methods:
    /// 2.5 of the runtime's tier-up delays (<see cref="JitQuiet.TierUpDelay"/>), at least
    /// <see cref="JitQuiet.QuietWindow"/>: 0.25 s, or 2.5 s on one CPU with the default delay.
    /// </summary>
    public static readonly TimeSpan QuietWindow = TimeSpan.FromTicks(Math.Max(JitQuiet.QuietWindow.Ticks, JitQuiet.TierUpDelay.Ticks * 5 / 2));

    /// <summary>
    /// The longest priming per transport: 4 s, and 10 s when the process may use one CPU, where the
    /// JIT's background recompiles share the measured core (without the tier-up delay, 1,000 streams
    /// held after 7–10 s of priming there and missed after 3 s). A busy machine may never settle.
    /// </summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(Environment.ProcessorCount == 1 ? 10 : 4);

    /// <summary>Copies (closed) or requests per second (open) a priming round runs, and the most requests it starts.</summary>
    public const int PrimingLoad = 100;

    private readonly HashSet<Transport> _primed = [];
    private readonly Action<Transport>? _starting;
    private readonly Action<PrimingReport>? _report;
    private readonly Func<Transport, IChatStreamClient>? _standIn;
    private readonly Func<long> _compiledCount;
    private readonly TimeSpan _quietWindow;
    private readonly TimeSpan _limit;

    /// <summary>
    /// Creates a primer; <paramref name="starting"/> hears of each transport before its priming and
    /// <paramref name="report"/> after it.
    /// With <paramref name="standIn"/>, each transport is primed through a client it makes (disposed
    /// after), not the measured one.
    /// </summary>
    public JitPrimer(Action<Transport>? starting = null, Action<PrimingReport>? report = null, Func<Transport, IChatStreamClient>? standIn = null)
        : this(starting, report, standIn, static () => JitInfo.GetCompiledMethodCount(currentThread: false), QuietWindow, Limit)
    {
    }

    /// <summary>As above, with the compile count, the quiet window and the limit given (tests: the process's own count moves with every test beside).</summary>
    internal JitPrimer(Action<Transport>? starting, Action<PrimingReport>? report, Func<Transport, IChatStreamClient>? standIn, Func<long> compiledCount, TimeSpan quietWindow, TimeSpan limit)
    {
        _starting = starting;
        _report = report;
        _standIn = standIn;
        _compiledCount = compiledCount;
        _quietWindow = quietWindow;
        _limit = limit;
    }

    /// <summary>
    /// Primes <paramref name="scenario"/>'s transport with <paramref name="client"/> (this agent's
    /// share of the load, as in <paramref name="options"/>) unless it was primed already.
    /// </summary>
    public async Task PrimeAsync(LoadScenario scenario, IChatStreamClient client, LoadRunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        if (!_primed.Add(scenario.Transport))
        {
            return;
        }

        var round = TimeSpan.FromSeconds(1);
        LoadSimulation step = scenario.Profile.Steps.First(s => s is not Pause) switch
        {
            OpenSimulation => new Inject(PrimingLoad, round, round),
            ClosedSimulation => new KeepConstant(PrimingLoad, round),
            _ => new Pause(round),
        };

        // Unmeasured: nothing of it reaches the live metrics, the journal or the progress line.
        // At most PrimingLoad requests a round: against a fast schedule 100 streams would otherwise
        // send thousands a second, saturate the CPU and never let the JIT settle.
        // A stand-in gets none of the user's headers: they are for the endpoint (a key, or a fault
        // asked of the embedded fake, which made every priming request fail and left the stream cold).
        var priming = scenario with { Profile = new LoadProfile([step]), WarmUp = TimeSpan.Zero, LoadPoint = "priming", DrainTimeout = TimeSpan.FromSeconds(10), MaxRequests = PrimingLoad, Headers = _standIn is null ? scenario.Headers : null };
        _starting?.Invoke(scenario.Transport);
        var standIn = _standIn?.Invoke(scenario.Transport);
        await using var disposeStandIn = standIn;
        client = standIn ?? client;
        int rounds = 0;
        long requests = 0, compiledInWindow = 0;
        bool settled = false;
        var failures = new Dictionary<string, long>(StringComparer.Ordinal);
        long started = Stopwatch.GetTimestamp(), windowStart = started, windowCount = _compiledCount(), now = started;
        while (!cancellationToken.IsCancellationRequested)
        {
            var run = await LoadEngine.RunAsync(priming, client, options with { StartAt = null, Progress = null, WindowObserver = null, Observer = null, MaxRequestRows = 0, Journal = null, CollectFirst = false }, cancellationToken).ConfigureAwait(false);
            rounds++;
            requests += run.Series.Requests;
            foreach (var (outcome, count) in run.Series.Outcomes.Where(o => SeriesResult.IsError(o.Key)))
            {
                failures[outcome] = failures.GetValueOrDefault(outcome) + count;
            }

            now = Stopwatch.GetTimestamp();
            long compiled = _compiledCount();
            compiledInWindow = compiled - windowCount;
            if (Stopwatch.GetElapsedTime(windowStart, now) >= _quietWindow)
            {
                if (compiledInWindow < SettledMethods)
                {
                    settled = true;
                    break;
                }

                windowStart = now;
                windowCount = compiled;
            }

            if (Stopwatch.GetElapsedTime(started, now) >= _limit)
            {
                break;
            }
        }

        // Cancelled, the command is ending: "still compiling" would describe nothing that was measured.
        if (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        _report?.Invoke(new PrimingReport(scenario.Transport, rounds, Stopwatch.GetElapsedTime(started, now), settled, compiledInWindow, _quietWindow, requests, failures));
    }
}
