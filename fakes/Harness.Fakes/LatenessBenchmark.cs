using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Harness.Core.Schedule;

namespace Harness.Fakes;

/// <summary>
/// Measures how late the fake's events leave versus their schedule: starts an in-process
/// <see cref="FakeServer"/>, opens <c>streams</c> concurrent HTTP/1.1 SSE streams on loopback
/// (their starts spread evenly over one inter-token interval), drains them, and returns the
/// server's lateness snapshot, after a warm-up round at the same stream count (<see cref="WarmUp"/>).
/// The client runs in the same process and shares the CPU; it is a bare socket that only drains
/// (<see cref="DrainConnection"/>), so what is measured is the fake, not an HTTP client's cost.
/// </summary>
public static class LatenessBenchmark
{
    /// <summary>The warm-up round's length (at least 40 tokens per stream, at most 200).</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    /// <summary>How often the polling client reads every connection (a few events each time).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Runs one measurement.</summary>
    /// <param name="streams">Concurrent streams (1..10000).</param>
    /// <param name="interTokenInterval">Fixed gap between tokens.</param>
    /// <param name="duration">How long each stream lasts (token count = duration / interval).</param>
    /// <param name="inlineContinuations">See <see cref="FakeServerOptions.InlineSchedulerContinuations"/>.</param>
    /// <param name="readEachEvent">
    /// False (default): one client thread polls every connection each <see cref="PollInterval"/>
    /// with non-blocking reads, so arriving events wake no client thread and the 2 cores go to the
    /// fake. True: every connection awaits each read, as a real streaming client does; its
    /// wake-ups and thread-pool hops then compete with the fake for the CPU.
    /// </param>
    /// <param name="ct">Cancels the run.</param>
    public static async Task<LatenessBenchmarkResult> RunAsync(int streams, TimeSpan interTokenInterval, TimeSpan duration, bool inlineContinuations = true, bool readEachEvent = false, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(streams, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(streams, 10_000);
        var tokens = (int)Math.Max(2, duration.Ticks / Math.Max(1, interTokenInterval.Ticks));
        var schedule = TokenSchedule.Default with { FirstTokenDelay = interTokenInterval, InterTokenInterval = interTokenInterval, TokenCount = tokens };
        await using var server = await FakeServer.StartAsync(new FakeServerOptions { Schedule = schedule, InlineSchedulerContinuations = inlineContinuations }, ct);
        var endpoint = new IPEndPoint(IPAddress.Loopback, server.HttpBaseUrl.Port);
        // Bounded: a fake that stopped sending must not hang the benchmark.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(WarmUp + duration + TimeSpan.FromSeconds(60));
        ct = deadline.Token;
        var connections = new DrainConnection[streams];
        try
        {
            await Task.Run(
                () =>
                {
                    for (var i = 0; i < streams; i++)
                    {
                        ct.ThrowIfCancellationRequested();
                        connections[i] = DrainConnection.Connect(endpoint);
                    }
                },
                ct);

            // Warm-up: a round at the same stream count on the same connections runs the hot paths
            // long enough for the JIT to tier them up; then forget what it recorded. The figures
            // are steady-state lateness, not start-up (a 20-token single-stream warm-up left
            // tier-0 code and 500 connection handshakes inside the measured window).
            int itlMs = Math.Max(1, (int)Math.Round(interTokenInterval.TotalMilliseconds));
            int warmTokens = (int)Math.Clamp(WarmUp.Ticks / Math.Max(1, interTokenInterval.Ticks), 40, 200);
            await RunRoundAsync(server, connections, interTokenInterval, readEachEvent, string.Create(CultureInfo.InvariantCulture, $"fake/ttft={itlMs},itl={itlMs},tokens={warmTokens}"), ct);
            server.Lateness.Reset();
            server.Scheduler.ReleaseLateness.Reset();

            int gcs = GC.CollectionCount(0);
            var gcPause = GC.GetTotalPauseDuration();
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            var started = Stopwatch.GetTimestamp();
            var results = await RunRoundAsync(server, connections, interTokenInterval, readEachEvent, "fake", ct);
            var elapsed = Stopwatch.GetElapsedTime(started);
            return new LatenessBenchmarkResult(
                streams, interTokenInterval, tokens, results.Count(ok => ok), elapsed, server.Lateness.Snapshot(), server.Scheduler.ReleaseLateness.Snapshot(), server.Scheduler.ThreadPriorityGranted,
                GC.CollectionCount(0) - gcs, GC.GetTotalPauseDuration() - gcPause, GC.GetTotalAllocatedBytes(precise: true) - allocated);
        }
        finally
        {
            foreach (var connection in connections)
            {
                connection?.Dispose();
            }
        }
    }

    /// <summary>Starts one stream per connection, spread over one interval, and waits for all.</summary>
    private static async Task<bool[]> RunRoundAsync(FakeServer server, DrainConnection[] connections, TimeSpan interTokenInterval, bool readEachEvent, string model, CancellationToken ct)
    {
        var stagger = interTokenInterval.Ticks / connections.Length;
        var started = Stopwatch.GetTimestamp();
        var tasks = new Task<bool>[connections.Length];
        byte[] request = DrainConnection.Request(model);
        for (var i = 0; i < connections.Length; i++)
        {
            var startAt = started + (long)(i * stagger * (Stopwatch.Frequency / (double)TimeSpan.TicksPerSecond));
            var connection = connections[i];
            tasks[i] = Task.Run(
                async () =>
                {
                    await server.Scheduler.WaitUntilAsync(startAt);
                    if (readEachEvent)
                    {
                        return await connection.StreamAsync(request, ct);
                    }

                    connection.Send(request);
                    return true;
                },
                ct);
        }

        var sent = await Task.WhenAll(tasks);
        return readEachEvent ? sent : await Task.Factory.StartNew(() => PollUntilDone(connections, ct), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Reads every connection each <see cref="PollInterval"/> until all responses ended.</summary>
    private static bool[] PollUntilDone(DrainConnection[] connections, CancellationToken ct)
    {
        var results = new bool?[connections.Length];
        int open = connections.Length;
        while (open > 0)
        {
            ct.ThrowIfCancellationRequested();
            for (var i = 0; i < connections.Length; i++)
            {
                if (results[i] is null && (results[i] = connections[i].Poll()) is not null)
                {
                    open--;
                }
            }

            if (open > 0)
            {
                Thread.Sleep(PollInterval);
            }
        }

        return Array.ConvertAll(results, r => r == true);
    }
}
