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

    /// <summary>Runs every row, calling <paramref name="row"/> as each finishes; <paramref name="streams"/> streams (first tokens) per row.</summary>
    public static async Task<IReadOnlyList<SelfCheckResult>> RunAsync(SelfCheckEndpoints endpoints, int streams, Action<SelfCheckResult>? row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var schedule = TokenSchedule.Parse(ScheduleText);
        var model = "fake/" + ScheduleText;
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var results = new List<SelfCheckResult>();
        long index = 1_000_000_000;
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
}
