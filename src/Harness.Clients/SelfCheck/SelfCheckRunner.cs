using System.Diagnostics;
using System.Globalization;
using Harness.Core;

namespace Harness.Clients.SelfCheck;

/// <summary>
/// Streams a known schedule from the harness's fake and compares what the client observed with the
/// fake's own record of each request (when it started, when each token was due, when its bytes
/// went to the socket), so the error splits into stages: the request leg, the fake's lateness, and delivery
/// (wire, kernel and client) — the part that is the harness's own when the server is remote.
/// </summary>
public static class SelfCheckRunner
{
    /// <summary>
    /// Runs one unmeasured round of <paramref name="concurrency"/> streams (connections open, code
    /// warm), then rounds of <paramref name="concurrency"/> streams of <paramref name="model"/> until
    /// <paramref name="streams"/> streams were measured. A round's streams start spread evenly over
    /// <paramref name="stagger"/> (one inter-token interval spreads their token times the way
    /// independent users would, instead of every stream's tokens falling due at the same instant).
    /// Each request carries its own request index, from <paramref name="firstRequestIndex"/> up, and
    /// <paramref name="writeTimes"/> fetches the fake's record of it. With <paramref name="jit"/>, the
    /// result says how long each side compiled while the measured rounds ran.
    /// </summary>
    public static async Task<SelfCheckResult> RunAsync(
        IChatStreamClient client,
        string model,
        int concurrency,
        int streams,
        TimeSpan stagger,
        Func<long, CancellationToken, Task<FakeWriteTimes?>> writeTimes,
        long firstRequestIndex,
        CancellationToken cancellationToken = default,
        JitSettling? jit = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(writeTimes);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(streams, 1);
        var index = firstRequestIndex;
        await RoundAsync(client, model, concurrency, stagger, index, cancellationToken).ConfigureAwait(false);
        index += concurrency;

        var s = new Samples();
        int run = 0, ok = 0;
        async Task MeasuredRoundsAsync()
        {
            while (run < streams)
            {
                var timelines = await RoundAsync(client, model, concurrency, stagger, index, cancellationToken).ConfigureAwait(false);
                for (var k = 0; k < timelines.Length; k++)
                {
                    run++;
                    var t = timelines[k];
                    if (t.Outcome != RequestOutcome.Ok)
                    {
                        continue;
                    }

                    var fake = await writeTimes(index + k, cancellationToken).ConfigureAwait(false);
                    if (fake is not null && s.Add(t, fake))
                    {
                        ok++;
                    }
                }

                index += concurrency;
            }
        }

        if (jit is null)
        {
            await MeasuredRoundsAsync().ConfigureAwait(false);
            return s.ToResult(client.Transport, concurrency, run, ok);
        }

        var (clientMs, fakeMs) = await jit.MeasureAsync(MeasuredRoundsAsync, cancellationToken).ConfigureAwait(false);
        return s.ToResult(client.Transport, concurrency, run, ok) with { ClientJitMs = clientMs, FakeJitMs = fakeMs };
    }

    /// <summary>
    /// Starts stream <c>k</c> at <c>k × stagger / concurrency</c> after the first (<see cref="Pace"/>);
    /// each stream's latencies run from its actual start, as a closed-model user's do.
    /// </summary>
    private static async Task<RequestTimeline[]> RoundAsync(IChatStreamClient client, string model, int concurrency, TimeSpan stagger, long firstIndex, CancellationToken ct)
    {
        var requests = new ChatRequest[concurrency];
        for (var k = 0; k < concurrency; k++)
        {
            requests[k] = WithIndex(client.Transport, ChatRequest.FromPrompt(model, "selfcheck"), firstIndex + k);
        }

        var tasks = new Task<RequestTimeline>[concurrency];
        await Pace(concurrency, stagger, (k, _) => tasks[k] = Task.Run(() => client.StreamAsync(requests[k], 0, null, ct), ct), ct).ConfigureAwait(false);
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>
    /// Calls <paramref name="start"/>(k, intended) for k = 0 … <paramref name="count"/> − 1, never
    /// before intended = the pacing thread's start + k × <paramref name="spread"/> / <paramref name="count"/>,
    /// from that thread (<see cref="ClockSleep"/>); completes after the last call. <see cref="Task.Delay(TimeSpan)"/> counts whole milliseconds, so a 0.1 ms spacing had
    /// become bunches of ten starts on each timer tick; over HTTP/2, where they share one
    /// connection, each bunch queued and the queue showed up as request-leg time. A pool thread
    /// pacing the starts would hold one of the client's few workers.
    /// </summary>
    internal static Task Pace(int count, TimeSpan spread, Action<int, long> start, CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var spacing = spread.TotalSeconds * Stopwatch.Frequency / count;
        var thread = new Thread(() =>
        {
            try
            {
                var origin = Stopwatch.GetTimestamp();
                for (var k = 0; k < count; k++)
                {
                    var intended = origin + (long)(spacing * k);
                    if (!ClockSleep.Until(intended, ct))
                    {
                        ct.ThrowIfCancellationRequested();
                    }

                    start(k, intended);
                }

                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "selfcheck-starts",
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>
    /// Names the request index the fake records the request under: a header over HTTP, a
    /// <c>chat.start</c> field over WebSocket (headers there would cost a fresh connection per turn).
    /// </summary>
    private static ChatRequest WithIndex(Transport transport, ChatRequest request, long index)
    {
        var text = index.ToString(CultureInfo.InvariantCulture);
        return transport == Transport.WebSocket
            ? request with { ExtraBodyFields = new Dictionary<string, string> { ["request_index"] = text } }
            : request with { Headers = new Dictionary<string, string> { ["x-fake-request-index"] = text } };
    }

    private sealed class Samples
    {
        private readonly List<double> _ttft = [], _request = [], _ttftLate = [], _ttftDelivery = [], _late = [], _delivery = [], _gaps = [];

        /// <summary>Adds one stream; false when the client's and the fake's token counts differ (not measurable).</summary>
        public bool Add(RequestTimeline t, FakeWriteTimes fake)
        {
            var arrivals = t.ContentArrivals;
            var n = arrivals.Length;
            if (n == 0 || n != fake.Due.Length || Array.IndexOf(fake.Written, 0L) >= 0 || t.FirstToken == 0)
            {
                return false;
            }

            var scheduledTtft = Ms(fake.Start, fake.Due[0]);
            _ttft.Add(Ms(t.LatencyOrigin, t.FirstToken) - scheduledTtft); // raw ticks, so the stages add up exactly
            _request.Add(Ms(t.LatencyOrigin, fake.Start));
            _ttftLate.Add(Ms(fake.Due[0], fake.Written[0]));
            _ttftDelivery.Add(Ms(fake.Written[0], t.FirstToken));
            for (var i = 0; i < n; i++)
            {
                _late.Add(Ms(fake.Due[i], fake.Written[i]));
                _delivery.Add(Ms(fake.Written[i], arrivals[i]));
                if (i > 0)
                {
                    _gaps.Add(Ms(arrivals[i - 1], arrivals[i]) - Ms(fake.Due[i - 1], fake.Due[i]));
                }
            }

            return true;
        }

        public SelfCheckResult ToResult(Transport transport, int concurrency, int streams, int ok) =>
            new(transport, concurrency, streams, ok, Sorted(_ttft), Sorted(_request), Sorted(_ttftLate), Sorted(_ttftDelivery), Sorted(_late), Sorted(_delivery), Sorted(_gaps));

        private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

        private static double[] Sorted(List<double> values)
        {
            var a = values.ToArray();
            Array.Sort(a);
            return a;
        }
    }
}
