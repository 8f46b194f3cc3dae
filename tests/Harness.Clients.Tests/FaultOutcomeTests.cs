using Harness.Fakes;

namespace Harness.Clients.Tests;

/// <summary>Every fault the fake injects, on each transport it applies to, ends with the right named outcome.</summary>
public sealed class FaultOutcomeTests(FakeServerFixture fake) : IClassFixture<FakeServerFixture>
{
    [Theory]
    [MemberData(nameof(FaultOutcomeCases.All), MemberType = typeof(FaultOutcomeCases))]
    public async Task Fault_is_named_correctly(string transportName, string? fault, string expected)
    {
        Assert.True(TransportNames.TryParse(transportName, out var transport));
        await using var client = fake.Client(transport);
        var timeline = await client.StreamAsync(FakeServerFixture.WithFault(transport, fault));
        Assert.Equal(expected, OutcomeNames.Describe(timeline));
        Assert.True(OutcomeNames.TryParseDescribed(expected, out var read) && read == timeline.Outcome, $"'{expected}' read back as {read}");
        if (expected == "ok")
        {
            Assert.Equal(10, timeline.ContentDeltaCount);
            Assert.True(timeline.SawDone);
            Assert.Null(timeline.ErrorMessage);
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(timeline.ErrorMessage));
        }
    }

    [Theory]
    [InlineData("http_error(502")]
    [InlineData("okay")]
    [InlineData("(502)")]
    [InlineData("")]
    [InlineData(null)]
    public void A_text_that_is_no_described_outcome_is_not_read(string? text) =>
        Assert.False(OutcomeNames.TryParseDescribed(text, out _));

    /// <summary>The direct HTTP/1.1 path (<see cref="ChatClientOptions.DirectConnection"/>, as <c>stream</c> uses) names every SSE fault as the pooled path does.</summary>
    [Theory]
    [MemberData(nameof(FaultOutcomeCases.All), MemberType = typeof(FaultOutcomeCases))]
    public async Task Fault_is_named_correctly_on_a_direct_connection(string transportName, string? fault, string expected)
    {
        Assert.True(TransportNames.TryParse(transportName, out var transport));
        await using var client = fake.Client(transport, direct: true);
        var timeline = await client.StreamAsync(FakeServerFixture.WithFault(transport, fault));
        Assert.Equal(expected, OutcomeNames.Describe(timeline));
        Assert.False(timeline.ConnectionReused);
        if (expected == "ok")
        {
            Assert.Equal(10, timeline.ContentDeltaCount);
            Assert.True(timeline.SawDone);
        }
    }

    [Theory]
    [InlineData(null, "ok")]
    [InlineData("no-done", "truncated")]
    [InlineData("malformed@3", "malformed(1)")]
    [InlineData("drop-rst@4", "truncated")]
    [InlineData("drop-close@4", "truncated")]
    [InlineData("error-mid@3", "server_error")]
    [InlineData("status=401", "http_error(401)")]
    [InlineData("line-ends=cr", "ok")]
    [InlineData("html", "bad_content_type(text/html)")]
    [InlineData("gzip", "content_encoding(gzip)")]
    public async Task Responses_api_fault_is_named_correctly(string? fault, string expected)
    {
        await using var client = fake.Client(Transport.Sse, dialect: SseDialect.Responses);
        var timeline = await client.StreamAsync(FakeServerFixture.WithFault(Transport.Sse, fault));
        Assert.Equal(expected, OutcomeNames.Describe(timeline));
        if (expected == "ok")
        {
            Assert.True(timeline.SawDone, "response.completed seen");
            Assert.Equal(10, timeline.ContentDeltaCount);
        }
        else if (expected == "truncated")
        {
            Assert.False(timeline.SawDone);
        }
    }

    [Fact]
    public async Task Faults_that_remove_a_field_leave_it_missing_in_the_timeline()
    {
        await using var client = fake.Client(Transport.Sse);
        var noUsage = await client.StreamAsync(FakeServerFixture.WithFault(Transport.Sse, "no-usage"));
        Assert.Null(noUsage.Usage);
        var noFinish = await client.StreamAsync(FakeServerFixture.WithFault(Transport.Sse, "no-finish-reason"));
        Assert.Null(noFinish.FinishReason);
        var withFinish = await client.StreamAsync(FakeServerFixture.WithFault(Transport.Sse, null));
        Assert.Equal("stop", withFinish.FinishReason);
        Assert.NotNull(withFinish.Usage);
    }

    [Fact]
    public async Task No_retry_after_leaves_the_429_without_a_wait_hint()
    {
        await using var client = fake.Client(Transport.Sse, retry: new RetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) });
        var timeline = await client.StreamAsync(FakeServerFixture.WithFault(Transport.Sse, "status=429,retry-after=7,no-retry-after"));
        Assert.Equal("http_error(429)", OutcomeNames.Describe(timeline));
        // Backed off on its own and retried: with the header, 7 s is past MaxDelay and nothing is retried.
        Assert.Equal(2, timeline.Retries);
    }

    [Fact]
    public async Task Ws_one_turn_closes_after_the_turn_and_the_next_request_reconnects()
    {
        // A session fault: it rides on the upgrade's header, not in chat.start.
        await using var client = fake.Client(Transport.WebSocket);
        var first = await client.StreamAsync(ChatRequest.FromPrompt("fake/ttft=5,itl=2,tokens=10", "hello") with { Headers = new Dictionary<string, string> { ["x-fake-fault"] = "ws-one-turn" } });
        Assert.Equal("ok", OutcomeNames.Describe(first));
        var second = await client.StreamAsync(FakeServerFixture.WithFault(Transport.WebSocket, null));
        Assert.Equal("ok", OutcomeNames.Describe(second));
        Assert.False(second.ConnectionReused);
    }

    [Fact]
    public async Task Ws_no_done_ends_as_idle_timeout_with_the_tokens_kept()
    {
        await using var client = fake.Client(Transport.WebSocket, new ClientTimeouts { Idle = TimeSpan.FromMilliseconds(800) });
        var timeline = await client.StreamAsync(FakeServerFixture.WithFault(Transport.WebSocket, "ws-no-done"));
        Assert.Equal("timeout(idle)", OutcomeNames.Describe(timeline));
        Assert.Equal(10, timeline.ContentDeltaCount);
    }

    [Theory]
    [InlineData("sse")]
    [InlineData("sse-h2")]
    [InlineData("ws")]
    public async Task Stall_longer_than_idle_timeout_is_an_idle_timeout(string transportName)
    {
        Assert.True(TransportNames.TryParse(transportName, out var transport));
        await using var client = fake.Client(transport, new ClientTimeouts { Idle = TimeSpan.FromMilliseconds(400) });
        var timeline = await client.StreamAsync(FakeServerFixture.WithFault(transport, "stall=4000@3"));
        Assert.Equal("timeout(idle)", OutcomeNames.Describe(timeline));
        Assert.Equal(3, timeline.ContentDeltaCount);
        Assert.InRange(timeline.EndToEnd!.Value.TotalMilliseconds, 400, 3500);
    }

    [Theory]
    [InlineData("sse")]
    [InlineData("ws")]
    public async Task Slow_first_token_is_a_first_token_timeout(string transportName)
    {
        Assert.True(TransportNames.TryParse(transportName, out var transport));
        await using var client = fake.Client(transport, new ClientTimeouts { FirstToken = TimeSpan.FromMilliseconds(150) });
        var timeline = await client.StreamAsync(FakeServerFixture.WithFault(transport, null, "fake/ttft=3000,itl=2,tokens=3"));
        Assert.Equal("timeout(first_token)", OutcomeNames.Describe(timeline));
        Assert.Equal(0, timeline.ContentDeltaCount);
    }

    [Fact]
    public async Task Total_timeout_fires_during_a_long_stream()
    {
        await using var client = fake.Client(Transport.Sse, new ClientTimeouts { Total = TimeSpan.FromMilliseconds(300) });
        var timeline = await client.StreamAsync(FakeServerFixture.WithFault(Transport.Sse, null, "fake/ttft=5,itl=50,tokens=100"));
        Assert.Equal("timeout(total)", OutcomeNames.Describe(timeline));
        Assert.InRange(timeline.ContentDeltaCount, 0, 10);
    }

    [Theory]
    [InlineData("sse", false)]
    [InlineData("sse", true)]
    [InlineData("sse-h2", false)]
    [InlineData("ws", false)]
    public async Task Caller_cancellation_is_cancelled(string transportName, bool direct)
    {
        Assert.True(TransportNames.TryParse(transportName, out var transport));
        await using var client = fake.Client(transport, direct: direct);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var timeline = await client.StreamAsync(FakeServerFixture.WithFault(transport, null, "fake/ttft=5,itl=50,tokens=100"), cancellationToken: cts.Token);
        Assert.True(OutcomeNames.Describe(timeline) == "cancelled", $"{OutcomeNames.Describe(timeline)}: {timeline.ErrorMessage}");
    }

    [Theory]
    [InlineData("sse")]
    [InlineData("sse-h2")]
    [InlineData("ws")]
    public async Task Server_that_never_answers_ends_by_the_idle_limit_when_every_other_limit_is_off(string transportName)
    {
        Assert.True(TransportNames.TryParse(transportName, out var transport));
        using var silent = new SilentServer();
        var endpoint = new Uri(transport == Transport.WebSocket ? $"ws://127.0.0.1:{silent.Port}/v1/ws/chat" : $"http://127.0.0.1:{silent.Port}");
        var off = Timeout.InfiniteTimeSpan;
        await using var client = ChatStreamClientFactory.Create(transport, new ChatClientOptions
        {
            Endpoint = endpoint,
            Retry = RetryOptions.None,
            Timeouts = new ClientTimeouts { Connect = off, FirstToken = off, Total = off, Idle = TimeSpan.FromMilliseconds(500) },
        });
        var watch = System.Diagnostics.Stopwatch.StartNew();
        // The WaitAsync only keeps a broken client from hanging the suite; the client must end first.
        var timeline = await client.StreamAsync(ChatRequest.FromPrompt("m", "hi")).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("timeout(idle)", OutcomeNames.Describe(timeline));
        Assert.Contains("response headers", timeline.ErrorMessage, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed.TotalMilliseconds, 450, 15_000);
        Assert.True(silent.Accepted >= 1, "the server never saw the connection");
    }

    /// <summary>A binary frame is malformed as a text frame that is not JSON is, but said as what it is: it was "1 payload(s) were not valid JSON", whatever it held.</summary>
    [Fact]
    public async Task WebSocket_binary_frame_is_named_as_such()
    {
        await using var client = fake.Client(Transport.WebSocket);
        var timeline = await client.StreamAsync(FakeServerFixture.WithFault(Transport.WebSocket, "ws-binary@2"));
        Assert.Equal("malformed", OutcomeNames.Describe(timeline).Split('(')[0]);
        Assert.Equal("a binary frame where the protocol sends JSON text", timeline.ErrorMessage);
    }

    /// <summary>A WebSocket endpoint refuses a key in the stream (then closes 1008): its code is kept, which the load engine's early stop reads.</summary>
    [Fact]
    public async Task WebSocket_key_refused_in_the_stream_keeps_its_code()
    {
        await using var server = await FakeServer.StartAsync(new FakeServerOptions { ApiKey = "sk-right" });
        await using var client = ChatStreamClientFactory.Create(Transport.WebSocket, new ChatClientOptions
        {
            Endpoint = server.WebSocketUrl,
            ApiKey = "sk-wrong",
            Retry = RetryOptions.None,
            // The key in chat.start, as some WebSocket APIs take it: refused in the stream, not at the upgrade.
            WebSocketDialect = new WebSocketDialect { ApiKeyInUpgradeHeader = false },
        });

        var timeline = await client.StreamAsync(ChatRequest.FromPrompt("fake", "hi")).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(RequestOutcome.ServerError, timeline.Outcome);
        Assert.Equal("invalid_api_key", timeline.ErrorCode);
    }

    /// <summary>Connected, and the upgrade never answered: said so, not "no connection" beside a measured TCP connect.</summary>
    [Fact]
    public async Task WebSocket_upgrade_never_answered_is_named_as_such()
    {
        using var silent = new SilentServer();
        await using var client = ChatStreamClientFactory.Create(Transport.WebSocket, new ChatClientOptions
        {
            Endpoint = new Uri($"ws://127.0.0.1:{silent.Port}/v1/ws/chat"),
            Retry = RetryOptions.None,
            Timeouts = new ClientTimeouts { Connect = TimeSpan.FromMilliseconds(500) },
        });

        var timeline = await client.StreamAsync(ChatRequest.FromPrompt("m", "hi")).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("timeout(connect)", OutcomeNames.Describe(timeline));
        Assert.Equal("no upgrade response within 0.5 s (--connect-timeout)", timeline.ErrorMessage);
        Assert.NotNull(timeline.TcpConnectDuration);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Connection_reset_while_the_request_is_sent_says_so(bool direct)
    {
        using var server = new ResettingServer();
        await using var client = ChatStreamClientFactory.Create(Transport.Sse, new ChatClientOptions { Endpoint = new Uri($"http://127.0.0.1:{server.Port}"), Retry = RetryOptions.None, DirectConnection = direct });
        // Larger than the socket buffers, so the client is still writing when the server resets.
        var timeline = await client.StreamAsync(ChatRequest.FromPrompt("m", new string('x', 8 << 20))).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("connect_error", OutcomeNames.Describe(timeline));
        Assert.True(timeline.ErrorMessage?.StartsWith("the connection broke while the request was being sent (", StringComparison.Ordinal), timeline.ErrorMessage);

        // A body this large may be what the server refused: the line says so (and never for a small one).
        Assert.EndsWith(": a request this large (8192 KiB) may be over the server's limit", timeline.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sse", false)]
    [InlineData("ws", false)]
    [InlineData("sse", true)]
    [InlineData("ws", true)]
    public async Task Closed_port_is_a_connect_error(string transportName, bool direct)
    {
        Assert.True(TransportNames.TryParse(transportName, out var transport));
        using var refused = new RefusedPort();
        int port = refused.Port;
        var endpoint = new Uri(transport == Transport.WebSocket ? $"ws://127.0.0.1:{port}/v1/ws/chat" : $"http://127.0.0.1:{port}");
        await using var client = ChatStreamClientFactory.Create(transport, new ChatClientOptions { Endpoint = endpoint, Retry = RetryOptions.None, DirectConnection = direct });
        var timeline = await client.StreamAsync(ChatRequest.FromPrompt("m", "hi"));
        Assert.Equal("connect_error", OutcomeNames.Describe(timeline));
        if (direct)
        {
            Assert.Contains("refused", timeline.ErrorMessage, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("sse", "status=429,retry-after=0")]
    [InlineData("sse", "status=503,retry-after=0")]
    [InlineData("ws", "status=429,retry-after=0")]
    public async Task Retryable_status_is_retried_and_reported_apart(string transportName, string fault)
    {
        Assert.True(TransportNames.TryParse(transportName, out var transport));
        await using var client = fake.Client(transport, retry: new RetryOptions { MaxRetries = 2 });

        // The WebSocket upgrade only sees a fault in the header, so the ws case carries it there.
        var request = ChatRequest.FromPrompt("fake/ttft=5,itl=2,tokens=10", "hi") with { Headers = new Dictionary<string, string> { ["x-fake-fault"] = fault } };
        var timeline = await client.StreamAsync(request);
        Assert.Equal(RequestOutcome.HttpError, timeline.Outcome);
        Assert.Equal(2, timeline.Retries);
        Assert.True(timeline.RetryWait >= TimeSpan.Zero);
        Assert.InRange(timeline.EndToEnd!.Value.TotalMilliseconds, 0, 1000);
    }

    [Fact]
    public async Task Backoff_without_retry_after_waits_and_reports_the_wait()
    {
        await using var client = fake.Client(Transport.Sse, retry: new RetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(1) });
        var timeline = await client.StreamAsync(FakeServerFixture.WithFault(Transport.Sse, "status=503"));
        Assert.Equal(1, timeline.Retries);
        // The wait is measured, so it is the planned delay (at most MaxDelay) plus however late the
        // timer fired: a busy machine once made it 1005 ms.
        Assert.InRange(timeline.RetryWait.TotalMilliseconds, 1, 1000 + 500);
        Assert.Equal(503, timeline.HttpStatus);
    }

    [Theory]
    [InlineData("sse")]
    [InlineData("sse-h2")]
    [InlineData("ws")]
    public async Task Long_retry_after_is_not_waited_and_read_alike_on_every_transport(string transportName)
    {
        Assert.True(TransportNames.TryParse(transportName, out var transport));
        await using var client = fake.Client(transport, retry: new RetryOptions { MaxRetries = 3, MaxDelay = TimeSpan.FromSeconds(1) });
        // The WebSocket upgrade only sees a fault in the header, so every transport carries it there.
        var request = ChatRequest.FromPrompt(FakeServerFixture.ClientModel, "hi") with { Headers = new Dictionary<string, string> { ["x-fake-fault"] = "status=429,retry-after=60" } };
        var timeline = await client.StreamAsync(request);
        Assert.Equal(0, timeline.Retries);
        Assert.Contains("Retry-After 60 s exceeds the 1 s limit; not retried", timeline.ErrorMessage);
    }
    [Theory]
    [InlineData("sse")]
    [InlineData("ws")]
    public async Task Total_timeout_covers_retries_and_their_waits(string transportName)
    {
        Assert.True(TransportNames.TryParse(transportName, out var transport));
        var timeouts = new ClientTimeouts { Connect = TimeSpan.FromSeconds(5), FirstToken = TimeSpan.FromSeconds(5), Idle = TimeSpan.FromSeconds(5), Total = TimeSpan.FromSeconds(1.5) };
        await using var client = fake.Client(transport, timeouts, new RetryOptions { MaxRetries = 5, MaxDelay = TimeSpan.FromSeconds(5) });
        var request = ChatRequest.FromPrompt(FakeServerFixture.ClientModel, "hi") with { Headers = new Dictionary<string, string> { ["x-fake-fault"] = "status=429,retry-after=1" } };

        // Each attempt fails at once; the first wait (1 s) fits the 1.5 s limit, the second would not.
        var timeline = await client.StreamAsync(request);
        Assert.Equal(RequestOutcome.HttpError, timeline.Outcome);
        Assert.Equal(1, timeline.Retries);
        Assert.Contains("not retried: waiting 1 s more would pass the 1.5 s total timeout", timeline.ErrorMessage);
        Assert.NotEqual(timeline.ActualStart, timeline.FirstAttemptStart);
        Assert.True(timeline.FirstAttemptStart < timeline.ActualStart);
    }
}
