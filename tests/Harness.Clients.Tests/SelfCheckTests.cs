using Harness.Clients.SelfCheck;
using Harness.Fakes;

namespace Harness.Clients.Tests;

/// <summary>Loose bounds only: the tight figures come from 'harness selfcheck' (docs/measurement.md). Run alone, not beside the other tests.</summary>
[Collection(nameof(SelfCheckTests))]
[CollectionDefinition(nameof(SelfCheckTests), DisableParallelization = true)]
public sealed class SelfCheckTests
{
    [Theory]
    [InlineData("sse")]
    [InlineData("sse-h2")]
    [InlineData("ws")]
    public async Task Every_stream_is_matched_with_the_fakes_record_and_its_stages_add_up(string transportName)
    {
        Assert.True(TransportNames.TryParse(transportName, out var transport));
        await using var server = await FakeServer.StartAsync(new FakeServerOptions());
        var endpoints = new SelfCheckEndpoints(server.HttpBaseUrl, server.Http2BaseUrl, server.WebSocketUrl);
        await using var client = ChatStreamClientFactory.Create(transport, new ChatClientOptions { Endpoint = endpoints.For(transport) });
        using var http = new HttpClient();
        var result = await SelfCheckRunner.RunAsync(
            client, "fake/ttft=20,itl=5,tokens=6", concurrency: 2, streams: 4, TimeSpan.FromMilliseconds(5),
            (i, ct) => FakeWriteTimes.FetchAsync(http, server.HttpBaseUrl, i, ct), firstRequestIndex: 500);
        Assert.Equal(4, result.Streams);
        Assert.Equal(4, result.OkStreams);
        Assert.Equal(4, result.TtftErrorsMs.Length);
        Assert.Equal(4 * 6, result.TokenDeliveryMs.Length);
        Assert.Equal(4 * 5, result.GapErrorsMs.Length);

        // One clock on both sides: nothing is observed before it was written, nor written before it was due.
        Assert.True(result.TokenDeliveryMs[0] > 0, $"a token was observed {result.TokenDeliveryMs[0]} ms after its write");
        Assert.True(result.TokenFakeLateMs[0] >= 0, $"a token was written {result.TokenFakeLateMs[0]} ms after it was due");
        Assert.True(result.TtftRequestMs[0] > 0, "the fake started before the client did");

        // Total = request + fake late + delivery, so the sums of the sorted stages agree too.
        Assert.Equal(result.TtftErrorsMs.Sum(), result.TtftRequestMs.Sum() + result.TtftFakeLateMs.Sum() + result.TtftDeliveryMs.Sum(), 6);
        Assert.InRange(result.TtftErrorP50, 0, 15);
        Assert.InRange(result.GapErrorP50, -15, 15);
    }

    [Fact]
    public async Task The_fakes_jit_figures_are_served_and_only_grow()
    {
        await using var server = await FakeServer.StartAsync(new FakeServerOptions());
        using var http = new HttpClient();

        var before = await FakeJit.FetchAsync(http, server.HttpBaseUrl, CancellationToken.None);
        await using (var client = ChatStreamClientFactory.Create(Transport.Sse, new ChatClientOptions { Endpoint = server.HttpBaseUrl }))
        {
            Assert.Equal(RequestOutcome.Ok, (await client.StreamAsync(ChatRequest.FromPrompt("fake/ttft=1,itl=1,tokens=3", "jit"))).Outcome);
        }

        var after = await FakeJit.FetchAsync(http, server.HttpBaseUrl, CancellationToken.None);

        // The embedded fake is this process: its figures are this process's JIT, read from the fake's side.
        Assert.True(before.CompiledMethods > 0 && before.CompilationMs > 0, $"{before}");
        Assert.True(after.CompiledMethods >= before.CompiledMethods && after.CompilationMs >= before.CompilationMs, $"{before} then {after}");
        Assert.InRange(after.CompiledMethods, before.CompiledMethods, System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false));
    }

    [Fact]
    public async Task Priming_stops_after_the_settled_passes_in_a_row_or_at_the_most_passes()
    {
        await using var server = await FakeServer.StartAsync(new FakeServerOptions());
        using var http = new HttpClient();
        var settling = new JitSettling(http, server.HttpBaseUrl);
        var heard = new List<(int Pass, bool Settled)>();
        int ran = 0;

        // Any compile time counts as settled: two passes, both heard as settled.
        var quiet = await settling.PrimeAsync(() => { ran++; return Task.CompletedTask; }, settledMs: double.MaxValue, settledInARow: 2, maxPasses: 5, (p, _, _, s) => heard.Add((p, s)), CancellationToken.None);
        Assert.Equal((2, true), (quiet.Passes, quiet.Settled));
        Assert.Equal([(1, true), (2, true)], heard);
        Assert.Equal(2, ran);

        // None counts (below zero): every allowed pass runs and the result says it never settled.
        heard.Clear();
        var busy = await settling.PrimeAsync(() => Task.CompletedTask, settledMs: -1, settledInARow: 2, maxPasses: 3, (p, _, _, s) => heard.Add((p, s)), CancellationToken.None);
        Assert.Equal((3, false), (busy.Passes, busy.Settled));
        Assert.Equal([(1, false), (2, false), (3, false)], heard);
    }

    [Fact]
    public async Task A_row_reports_what_both_sides_compiled_while_its_rounds_ran()
    {
        await using var server = await FakeServer.StartAsync(new FakeServerOptions());
        await using var client = ChatStreamClientFactory.Create(Transport.Sse, new ChatClientOptions { Endpoint = server.HttpBaseUrl });
        using var http = new HttpClient();
        var jit = new JitSettling(http, server.HttpBaseUrl);
        var forced = TimeSpan.Zero;
        var compile = false;
        Task<FakeWriteTimes?> WriteTimes(long i, CancellationToken ct)
        {
            if (compile)
            {
                // Compile methods no one has compiled, inside the measured rounds.
                var before = System.Runtime.JitInfo.GetCompilationTime(currentThread: true);
                for (var k = 0; k < 10; k++)
                {
                    _ = FreshMethod()(k);
                }

                forced += System.Runtime.JitInfo.GetCompilationTime(currentThread: true) - before;
            }

            return FakeWriteTimes.FetchAsync(http, server.HttpBaseUrl, i, ct);
        }

        // Once without the extra compiling, so the row's own first-call compiling is behind us.
        await SelfCheckRunner.RunAsync(client, "fake/ttft=1,itl=1,tokens=3", 1, 2, TimeSpan.Zero, WriteTimes, 600, CancellationToken.None, jit);
        compile = true;
        var measured = await SelfCheckRunner.RunAsync(
            client, "fake/ttft=1,itl=1,tokens=3", 1, 2, TimeSpan.Zero, WriteTimes, 700, CancellationToken.None, jit);
        var unmeasured = await SelfCheckRunner.RunAsync(
            client, "fake/ttft=1,itl=1,tokens=3", 1, 1, TimeSpan.Zero, (i, ct) => FakeWriteTimes.FetchAsync(http, server.HttpBaseUrl, i, ct), 800);

        Assert.Equal(2, measured.OkStreams);
        Assert.True(forced > TimeSpan.Zero, "the fresh methods were not compiled");
        Assert.True(measured.ClientJitMs >= forced.TotalMilliseconds, $"client {measured.ClientJitMs} ms against {forced.TotalMilliseconds} ms compiled in the rounds");

        // The embedded fake is this process, so its figure holds the same compile (it serves
        // milliseconds to three decimals: two readings, each rounded).
        Assert.True(measured.FakeJitMs >= forced.TotalMilliseconds - 0.001, $"fake {measured.FakeJitMs} ms against {forced.TotalMilliseconds} ms compiled in the rounds (client {measured.ClientJitMs} ms)");
        Assert.Null(unmeasured.ClientJitMs);
        Assert.Null(unmeasured.FakeJitMs);
    }

    private static Func<int, int> FreshMethod()
    {
        var method = new System.Reflection.Emit.DynamicMethod("fresh" + Guid.NewGuid().ToString("N"), typeof(int), [typeof(int)]);
        var il = method.GetILGenerator();
        il.Emit(System.Reflection.Emit.OpCodes.Ldarg_0);
        for (var k = 0; k < 2000; k++)
        {
            il.Emit(System.Reflection.Emit.OpCodes.Ldc_I4, k);
            il.Emit(System.Reflection.Emit.OpCodes.Add);
        }

        il.Emit(System.Reflection.Emit.OpCodes.Ret);
        return method.CreateDelegate<Func<int, int>>();
    }

    [Fact]
    public async Task A_request_the_fake_does_not_remember_is_not_measured()
    {
        await using var server = await FakeServer.StartAsync(new FakeServerOptions());
        await using var client = ChatStreamClientFactory.Create(Transport.Sse, new ChatClientOptions { Endpoint = server.HttpBaseUrl });
        var result = await SelfCheckRunner.RunAsync(
            client, "fake/ttft=1,itl=1,tokens=3", 1, 2, TimeSpan.Zero, (_, _) => Task.FromResult<FakeWriteTimes?>(null), 0);
        Assert.Equal(2, result.Streams);
        Assert.Equal(0, result.OkStreams);
        Assert.False(result.Met);
    }

    [Fact]
    public async Task Starts_are_paced_evenly_over_the_spread_and_none_comes_early()
    {
        // 100 starts over 10 ms: one every 0.1 ms. Paced by whole-millisecond delays, they had
        // come in bunches of ten on each timer tick.
        const int Count = 100;
        var calls = new (long Intended, long Actual)[Count];
        await SelfCheckRunner.Pace(Count, TimeSpan.FromMilliseconds(10), (k, intended) => calls[k] = (intended, System.Diagnostics.Stopwatch.GetTimestamp()), CancellationToken.None);
        var spacing = System.Diagnostics.Stopwatch.Frequency / 100.0 / Count; // 10 ms / 100, in ticks
        for (var k = 0; k < Count; k++)
        {
            Assert.Equal(calls[0].Intended + (long)(k * spacing), calls[k].Intended);
            Assert.True(calls[k].Actual >= calls[k].Intended, $"start {k} came {(calls[k].Intended - calls[k].Actual) * 1000.0 / System.Diagnostics.Stopwatch.Frequency:F3} ms early");
        }
    }

    [Fact]
    public async Task A_round_asks_for_every_request_index_once()
    {
        var client = new StartRecordingClient();
        await SelfCheckRunner.RunAsync(client, "fake", 50, 50, TimeSpan.FromMilliseconds(5), (_, _) => Task.FromResult<FakeWriteTimes?>(null), 1000);
        Assert.Equal(Enumerable.Range(1000, 100).Select(i => (long)i), client.Asked.Order());
    }

    /// <summary>Answers at once and records each request index asked for.</summary>
    private sealed class StartRecordingClient : IChatStreamClient
    {
        public System.Collections.Concurrent.ConcurrentQueue<long> Asked { get; } = new();

        public Transport Transport => Transport.Sse;

        public Task<RequestTimeline> StreamAsync(ChatRequest request, long intendedStart = 0, IStreamObserver? observer = null, CancellationToken cancellationToken = default)
        {
            var now = System.Diagnostics.Stopwatch.GetTimestamp();
            Asked.Enqueue(long.Parse(request.Headers!["x-fake-request-index"], System.Globalization.CultureInfo.InvariantCulture));
            return Task.FromResult(new RequestTimeline { Transport = Transport, ActualStart = now, End = now, Outcome = RequestOutcome.Ok });
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData(0.2, 0.5, 0.5, 2.0, true)]
    [InlineData(0.4, 0.5, 0.5, 2.0, false)] // delivery p50 over 0.3 ms
    [InlineData(0.2, 1.5, 0.5, 2.0, false)] // delivery p99 over 1 ms
    [InlineData(0.2, 0.5, 1.5, 2.0, false)] // TTFT error p50 over 1 ms
    [InlineData(0.2, 0.5, 0.5, 3.5, false)] // TTFT error p99 over 3 ms
    public void Met_judges_each_target(double deliveryP50, double deliveryP99, double ttftP50, double ttftP99, bool met)
    {
        static double[] Spread(double p50, double p99) => [.. Enumerable.Repeat(p50, 60), .. Enumerable.Repeat(p99, 40)];
        var ttft = Spread(ttftP50, ttftP99);
        var r = new SelfCheckResult(Transport.Sse, 1, 100, 100, ttft, ttft, ttft, ttft, ttft, Spread(deliveryP50, deliveryP99), ttft);
        Assert.Equal(met, r.Met);
    }
}
