using System.Diagnostics;

namespace Harness.Clients.SelfCheck;

/// <summary>
/// Streams a known schedule and compares what the client measured with what the server was told
/// to do: the harness's own measurement error. The schedule's token offsets are the truth (the
/// server's lateness against them is reported separately by whoever runs the server).
/// </summary>
public static class SelfCheckRunner
{
    /// <summary>
    /// Runs one warm-up round (so connections exist and code is jitted), then
    /// <paramref name="rounds"/> rounds of <paramref name="concurrency"/> simultaneous streams of
    /// <paramref name="model"/>, whose true token offsets (from the server's start of the request)
    /// are <paramref name="trueOffsets"/>.
    /// </summary>
    public static async Task<SelfCheckResult> RunAsync(
        IChatStreamClient client, string model, IReadOnlyList<TimeSpan> trueOffsets, int concurrency, int rounds, string warmupModel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(trueOffsets);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        await RoundAsync(client, ChatRequest.FromPrompt(warmupModel, "warm up"), concurrency, cancellationToken).ConfigureAwait(false);

        var request = ChatRequest.FromPrompt(model, "selfcheck");
        var ttftErrors = new List<double>();
        var gapErrors = new List<double>();
        int streams = 0, ok = 0;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var t in await RoundAsync(client, request, concurrency, cancellationToken).ConfigureAwait(false))
            {
                streams++;
                if (t.Outcome != RequestOutcome.Ok || t.ContentDeltaCount != trueOffsets.Count)
                {
                    continue;
                }

                ok++;
                ttftErrors.Add(t.Ttft!.Value.TotalMilliseconds - trueOffsets[0].TotalMilliseconds);
                var arrivals = t.ContentArrivals;
                for (var i = 1; i < arrivals.Length; i++)
                {
                    var measured = Stopwatch.GetElapsedTime(arrivals[i - 1], arrivals[i]).TotalMilliseconds;
                    gapErrors.Add(measured - (trueOffsets[i] - trueOffsets[i - 1]).TotalMilliseconds);
                }
            }
        }

        var ttft = ttftErrors.ToArray();
        var gaps = gapErrors.ToArray();
        Array.Sort(ttft);
        Array.Sort(gaps);
        return new SelfCheckResult(client.Transport, concurrency, streams, ok, ttft, gaps);
    }

    private static Task<RequestTimeline[]> RoundAsync(IChatStreamClient client, ChatRequest request, int concurrency, CancellationToken ct) =>
        Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(() => client.StreamAsync(request, 0, null, ct), ct)));
}
