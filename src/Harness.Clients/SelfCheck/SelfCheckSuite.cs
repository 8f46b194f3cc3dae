using System.Globalization;
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
    /// A priming pass (one unmeasured 100-stream round per transport) that compiled at most this long,
    /// in this process and in the fake, counts as settled. Tier-up (dynamic PGO recompiles every hot
    /// method twice, on a background thread that shares the client's pinned CPU) went on for about
    /// 30 passes here, 200–390 ms of compiling per pass after 12; unprimed, that work lands inside
    /// the rows.
    /// </summary>
    public const double SettledJitMs = 25;

    /// <summary>Settled passes in a row before measuring: one quiet pass can sit between two tier-up batches.</summary>
    public const int SettledPasses = 2;

    /// <summary>Most priming passes (about 18 s): a busy machine may never settle.</summary>
    public const int MaxPrimingPasses = 40;

    /// <summary>
    /// Primes both sides until the JIT settles, then runs every row, calling <paramref name="row"/>
    /// as each finishes; <paramref name="streams"/> streams (first tokens) per row.
    /// <paramref name="note"/> hears how the priming went.
    /// </summary>
    public static async Task<IReadOnlyList<SelfCheckResult>> RunAsync(SelfCheckEndpoints endpoints, int streams, Action<SelfCheckResult>? row, CancellationToken cancellationToken, Action<string>? note = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var schedule = TokenSchedule.Parse(ScheduleText);
        var model = "fake/" + ScheduleText;
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var results = new List<SelfCheckResult>();
        long index = 1_000_000_000;
        note?.Invoke(await PrimeAsync(endpoints, http, model, schedule.InterTokenInterval, index - 100_000_000, cancellationToken).ConfigureAwait(false));
        foreach (var transport in TransportNames.All)
        {
            foreach (var concurrency in Concurrencies)
            {
                await using var client = ChatStreamClientFactory.Create(transport, new ChatClientOptions { Endpoint = endpoints.For(transport), Retry = RetryOptions.None });
                var result = await SelfCheckRunner.RunAsync(
                    client,
                    model,
                    concurrency,
                    streams,
                    schedule.InterTokenInterval,
                    (i, ct) => FakeWriteTimes.FetchAsync(http, endpoints.Http, i, ct),
                    index,
                    cancellationToken).ConfigureAwait(false);
                index += 1_000_000;
                results.Add(result);
                row?.Invoke(result);
            }
        }

        return results;
    }

    /// <summary>
    /// Unmeasured passes, each one 100-stream round per transport, until <see cref="SettledPasses"/>
    /// in a row compiled at most <see cref="SettledJitMs"/> here and in the fake (whose JIT it reads
    /// at <c>GET /v1/fake/jit</c>; an in-process fake's is this process's, counted twice). Returns a
    /// line saying how it went.
    /// </summary>
    private static async Task<string> PrimeAsync(SelfCheckEndpoints endpoints, HttpClient http, string model, TimeSpan stagger, long index, CancellationToken cancellationToken)
    {
        var clients = new List<IChatStreamClient>();
        try
        {
            foreach (var transport in TransportNames.All)
            {
                clients.Add(ChatStreamClientFactory.Create(transport, new ChatClientOptions { Endpoint = endpoints.For(transport), Retry = RetryOptions.None }));
            }

            var settling = new JitSettling(http, endpoints.Http);
            var (passes, settled, clientMs, fakeMs) = await settling.PrimeAsync(
                async () =>
                {
                    foreach (var client in clients)
                    {
                        await SelfCheckRunner.WarmUpAsync(client, model, 100, stagger, index, cancellationToken).ConfigureAwait(false);
                        index += 100;
                    }
                },
                SettledJitMs,
                SettledPasses,
                MaxPrimingPasses,
                onPass: null,
                cancellationToken).ConfigureAwait(false);
            return settled
                ? string.Create(CultureInfo.InvariantCulture,
                    $"primed: {passes} unmeasured passes until the JIT settled (last pass compiled {clientMs:0} ms in the client, {fakeMs:0} ms in the fake)")
                : string.Create(CultureInfo.InvariantCulture,
                    $"primed: still compiling after {passes} unmeasured passes (last pass {clientMs:0} ms in the client, {fakeMs:0} ms in the fake); the rows may carry JIT work");
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
