using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Harness.Core.Schedule;

namespace Harness.Fakes;

/// <summary>
/// Measures how late the fake's events leave versus their schedule: starts an in-process
/// <see cref="FakeServer"/>, opens <c>streams</c> concurrent HTTP/1.1 SSE streams on loopback
/// (their starts spread evenly over one inter-token interval), drains them, and returns the
/// server's lateness snapshot, after a warm-up round at the same stream count (<see cref="WarmUp"/>).
/// The client runs in the same process and shares the CPU.
/// </summary>
public static class LatenessBenchmark
{
    /// <summary>The warm-up round's length (at least 40 tokens per stream, at most 200).</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    /// <summary>Runs one measurement.</summary>
    /// <param name="streams">Concurrent streams (1..10000).</param>
    /// <param name="interTokenInterval">Fixed gap between tokens.</param>
    /// <param name="duration">How long each stream lasts (token count = duration / interval).</param>
    /// <param name="inlineContinuations">See <see cref="FakeServerOptions.InlineSchedulerContinuations"/>.</param>
    /// <param name="ct">Cancels the run.</param>
    public static async Task<LatenessBenchmarkResult> RunAsync(int streams, TimeSpan interTokenInterval, TimeSpan duration, bool inlineContinuations = true, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(streams, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(streams, 10_000);
        var tokens = (int)Math.Max(2, duration.Ticks / Math.Max(1, interTokenInterval.Ticks));
        var schedule = TokenSchedule.Default with { FirstTokenDelay = interTokenInterval, InterTokenInterval = interTokenInterval, TokenCount = tokens };
        await using var server = await FakeServer.StartAsync(new FakeServerOptions { Schedule = schedule, InlineSchedulerContinuations = inlineContinuations }, ct);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { Timeout = duration + TimeSpan.FromSeconds(60), BaseAddress = server.HttpBaseUrl };

        // Warm-up: a round at the same stream count opens every pooled connection and runs the
        // hot paths long enough for the JIT to tier them up; then forget what it recorded. The
        // figures are steady-state lateness, not start-up (a 20-token single-stream warm-up left
        // tier-0 code and 500 connection handshakes inside the measured window).
        int itlMs = Math.Max(1, (int)Math.Round(interTokenInterval.TotalMilliseconds));
        int warmTokens = (int)Math.Clamp(WarmUp.Ticks / Math.Max(1, interTokenInterval.Ticks), 40, 200);
        await RunRoundAsync(server, client, streams, interTokenInterval, string.Create(CultureInfo.InvariantCulture, $"fake/ttft={itlMs},itl={itlMs},tokens={warmTokens}"), ct);
        server.Lateness.Reset();
        server.Scheduler.ReleaseLateness.Reset();

        var started = Stopwatch.GetTimestamp();
        var results = await RunRoundAsync(server, client, streams, interTokenInterval, "fake", ct);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new LatenessBenchmarkResult(streams, interTokenInterval, tokens, results.Count(ok => ok), elapsed, server.Lateness.Snapshot(), server.Scheduler.ReleaseLateness.Snapshot(), server.Scheduler.ThreadPriorityGranted);
    }

    /// <summary>Starts <paramref name="streams"/> streams spread over one interval and waits for all.</summary>
    private static async Task<bool[]> RunRoundAsync(FakeServer server, HttpClient client, int streams, TimeSpan interTokenInterval, string model, CancellationToken ct)
    {
        var stagger = interTokenInterval.Ticks / streams;
        var started = Stopwatch.GetTimestamp();
        var tasks = new Task<bool>[streams];
        for (var i = 0; i < streams; i++)
        {
            var startAt = started + (long)(i * stagger * (Stopwatch.Frequency / (double)TimeSpan.TicksPerSecond));
            tasks[i] = Task.Run(
                async () =>
                {
                    await server.Scheduler.WaitUntilAsync(startAt);
                    return await RunStreamAsync(client, model, ct);
                },
                ct);
        }

        return await Task.WhenAll(tasks);
    }

    private static async Task<bool> RunStreamAsync(HttpClient client, string model, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Version = HttpVersion.Version11,
            Content = new StringContent($"{{\"model\":\"{model}\",\"stream\":true,\"messages\":[{{\"role\":\"user\",\"content\":\"hi\"}}]}}", Encoding.UTF8, "application/json"),
        };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[8192];
        var tail = new List<byte>();
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            tail.AddRange(buffer.AsSpan(0, read));
            if (tail.Count > 64)
            {
                tail.RemoveRange(0, tail.Count - 64);
            }
        }

        return Encoding.UTF8.GetString(tail.ToArray()).Contains("data: [DONE]", StringComparison.Ordinal);
    }
}
