using System.Globalization;
using Harness.Core;
using Harness.Core.Schedule;

namespace Harness.Clients.SelfCheck;

/// <summary>
/// The self-check's rows: every transport at 1 and 100 streams against one fake, each row measured
/// with <see cref="SelfCheckRunner"/> and the fake's write times fetched over its side channel.
/// </summary>
public static class SelfCheckSuite
{
    /// <summary>
    /// The schedule measured: short enough that a row of 100 sequential streams takes seconds, with
    /// ten gaps per stream so 100 streams give 1,000 gaps.
    /// </summary>
    public const string ScheduleText = "ttft=20,itl=10,tokens=11";

    /// <summary>The loads measured, in streams at once.</summary>
    public static IReadOnlyList<int> Concurrencies { get; } = [1, 100];

    /// <summary>
    /// The streams a row at <paramref name="concurrency"/> measures when asked for
    /// <paramref name="streams"/>: whole rounds of <paramref name="concurrency"/> streams, so
    /// <paramref name="streams"/> rounded up to a multiple of it (a 100-stream row asked for 10 measures 100).
    /// </summary>
    public static int MeasuredStreams(int concurrency, int streams) => concurrency * ((streams + concurrency - 1) / concurrency);

    /// <summary>Most priming passes: a busy machine may never settle.</summary>
    public const int MaxPrimingPasses = 40;

    /// <summary>Compile time in a window (<see cref="JitQuiet.QuietWindow"/>, waited before each row) that still counts as quiet, ms.</summary>
    public const double QuietJitMs = 1;

    /// <summary>Most quiet windows waited before a row (then it runs anyway, and its line says what it compiled).</summary>
    public const int MaxQuietWindows = 8;

    /// <summary>
    /// Primes both sides until the JIT settles, then runs every row, calling <paramref name="row"/>
    /// as each finishes; <paramref name="streams"/> streams (first tokens) per row.
    /// <paramref name="note"/> hears how the priming went.
    /// </summary>
    public static async Task<IReadOnlyList<SelfCheckResult>> RunAsync(SelfCheckEndpoints endpoints, int streams, Action<SelfCheckResult>? row, CancellationToken cancellationToken, Action<string>? note = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var rows = new Rows(endpoints, http);
        note?.Invoke(await PrimeAsync(rows, cancellationToken).ConfigureAwait(false));
        var results = new List<SelfCheckResult>();
        foreach (var (transport, concurrency) in Rows.All)
        {
            // What ran between rows (printing the last one, say) tiers up on the background thread
            // about 100 ms later: let it finish before the row, not during it.
            await rows.Jit.PrimeAsync(() => Task.Delay(JitQuiet.QuietWindow, cancellationToken), QuietJitMs, 1, MaxQuietWindows, onPass: null, cancellationToken).ConfigureAwait(false);
            var result = await rows.RunAsync(transport, concurrency, streams, cancellationToken).ConfigureAwait(false);
            results.Add(result);
            row?.Invoke(result);
        }

        return results;
    }

    /// <summary>
    /// Unmeasured passes, each every row with one measured round (the rows' own code: clients made
    /// and disposed, rounds, the fake's records fetched and matched), until
    /// <see cref="JitSettling.SettledInARow"/> in a row compiled at most <see cref="JitSettling.SettledMs"/> here and in
    /// the fake (whose JIT it reads at <c>GET /v1/fake/jit</c>; an in-process fake's is this
    /// process's, counted twice). Code the priming does not run tiers up inside the rows, on the
    /// client's CPU while tokens arrive. Returns a line saying how it went.
    /// </summary>
    private static async Task<string> PrimeAsync(Rows rows, CancellationToken cancellationToken)
    {
        var (passes, settled, clientMs, fakeMs) = await rows.Jit.PrimeAsync(
            async () =>
            {
                foreach (var (transport, concurrency) in Rows.All)
                {
                    await rows.RunAsync(transport, concurrency, concurrency, cancellationToken).ConfigureAwait(false);
                }
            },
            JitSettling.SettledMs,
            JitSettling.SettledInARow,
            MaxPrimingPasses,
            onPass: null,
            cancellationToken).ConfigureAwait(false);
        return settled
            ? string.Create(CultureInfo.InvariantCulture,
                $"primed: {passes} unmeasured passes until the JIT settled (last pass compiled {clientMs:0} ms in the client, {fakeMs:0} ms in the fake)")
            : string.Create(CultureInfo.InvariantCulture,
                $"primed: still compiling after {passes} unmeasured passes (last pass {clientMs:0} ms in the client, {fakeMs:0} ms in the fake); the rows may carry JIT work");
    }

    /// <summary>One row's run: a fresh client of its transport, measured against the fake, request indices never reused.</summary>
    private sealed class Rows(SelfCheckEndpoints endpoints, HttpClient http)
    {
        private static readonly string s_model = "fake/" + ScheduleText;
        private static readonly TimeSpan s_stagger = TokenSchedule.Parse(ScheduleText).InterTokenInterval;
        private long _index = 1_000_000_000;

        public static IEnumerable<(Transport Transport, int Concurrency)> All =>
            TransportNames.All.SelectMany(t => Concurrencies.Select(c => (t, c)));

        public JitSettling Jit { get; } = new(http, endpoints.Http);

        public async Task<SelfCheckResult> RunAsync(Transport transport, int concurrency, int streams, CancellationToken cancellationToken)
        {
            // Each row's requests: the warm-up round's and the measured ones, rounded up to whole rounds.
            var first = _index;
            _index += concurrency * (1 + ((streams + concurrency - 1) / concurrency));
            await using var client = ChatStreamClientFactory.Create(transport, new ChatClientOptions { Endpoint = endpoints.For(transport), Retry = RetryOptions.None });
            return await SelfCheckRunner.RunAsync(
                client,
                s_model,
                concurrency,
                streams,
                s_stagger,
                (i, ct) => FakeWriteTimes.FetchAsync(http, endpoints.Http, i, ct),
                first,
                cancellationToken,
                Jit).ConfigureAwait(false);
        }
    }
}
