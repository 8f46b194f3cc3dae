using System.Text;

namespace Harness.Clients.Tests;

public sealed class TimelineTests(FakeServerFixture fake) : IClassFixture<FakeServerFixture>
{
    private sealed class Collect : IStreamObserver
    {
        public StringBuilder Text { get; } = new();

        public void OnContent(ReadOnlySpan<byte> utf8) => Text.Append(Encoding.UTF8.GetString(utf8));
    }

    [Fact]
    public void MeanContentArrival_IsTheAverageTokensTimeSinceTheStart_NullWithoutOne()
    {
        long f = System.Diagnostics.Stopwatch.Frequency;
        var t = new RequestTimeline { ActualStart = 1000 * f };
        Assert.Null(t.MeanContentArrival);
        foreach (double ms in new[] { 100.0, 110, 170 })
        {
            t.RecordContent((1000 * f) + (long)(ms * f / 1000));
        }

        Assert.InRange(t.MeanContentArrival!.Value.TotalMilliseconds, 126.66, 126.67);
    }

    [Fact]
    public void Arrivals_grow_past_the_first_size_and_keep_their_order()
    {
        var t = new RequestTimeline(expectedTokens: 4);
        for (long i = 1; i <= 300; i++)
        {
            t.RecordContent(i * 7);
        }

        Assert.Equal(300, t.ContentDeltaCount);
        Assert.Equal(Enumerable.Range(1, 300).Select(i => i * 7L), t.ContentArrivals.ToArray());
    }

    [Fact]
    public void Release_gives_the_arrivals_back_and_then_reading_them_throws_while_counts_and_times_stay()
    {
        var t = new RequestTimeline { ActualStart = 10 };
        t.RecordContent(20);
        t.RecordContent(30);
        t.End = 40;
        t.Release();
        t.Release(); // twice is harmless: the array goes back once

        Assert.Equal(2, t.ContentDeltaCount);
        Assert.Equal(2, t.TokenCount);
        Assert.Equal(20, t.FirstToken);
        Assert.NotNull(t.Tpot);
        Assert.Throws<ObjectDisposedException>(() => t.ContentArrivals.Length);
        Assert.Throws<ObjectDisposedException>(() => t.MeanContentArrival);
        Assert.Throws<ObjectDisposedException>(() => t.GetInterTokenGaps(new TimeSpan[4]));
        Assert.Throws<ObjectDisposedException>(() => t.RecordContent(50));
    }

    [Theory]
    [InlineData("sse")]
    [InlineData("sse-h2")]
    [InlineData("ws")]
    public async Task Timeline_is_complete_and_ordered(string transportName)
    {
        Assert.True(TransportNames.TryParse(transportName, out var transport));
        await using var client = fake.Client(transport);
        var observer = new Collect();
        var first = await client.StreamAsync(FakeServerFixture.WithFault(transport, null, "fake/ttft=60,itl=10,tokens=12"), observer: observer);
        Assert.Equal(RequestOutcome.Ok, first.Outcome);
        Assert.Equal(12, first.ContentDeltaCount);
        Assert.Equal(12, first.TokenCount);
        Assert.Equal(0, first.TokenCountDiscrepancy);
        Assert.NotNull(first.Usage);
        Assert.False(first.ConnectionReused);
        Assert.Equal((true, true, false), (first.ConnectStarted, first.ConnectCompleted, first.ConnectFailed));
        Assert.InRange(first.ConnectStart, first.ActualStart, first.RequestWritten);
        Assert.NotNull(first.TcpConnectDuration);
        Assert.Equal(TimeSpan.Zero, first.DnsDuration);
        Assert.True(first.RequestWritten >= first.ActualStart);
        Assert.True(first.ResponseHeaders >= first.ActualStart);
        Assert.True(first.FirstByte >= first.ResponseHeaders);
        Assert.True(first.FirstChunk >= first.FirstByte);
        Assert.True(first.FirstToken >= first.FirstChunk);
        Assert.True(first.End >= first.ContentArrivals[^1]);
        Assert.InRange(first.Ttft!.Value.TotalMilliseconds, 55, 1000);
        // Not a timing test: on a loaded machine several tokens can arrive in one read (gap 0).
        Assert.InRange(first.Tpot!.Value.TotalMilliseconds, 0, 200);
        Span<TimeSpan> gaps = stackalloc TimeSpan[16];
        Assert.Equal(11, first.GetInterTokenGaps(gaps));
        Assert.False(string.IsNullOrWhiteSpace(observer.Text.ToString()));

        var second = await client.StreamAsync(FakeServerFixture.WithFault(transport, null));
        Assert.Equal(RequestOutcome.Ok, second.Outcome);
        Assert.True(second.ConnectionReused);
        Assert.Null(second.TcpConnectDuration);
        Assert.Equal((false, false), (second.ConnectStarted, second.ConnectFailed));
    }

    [Fact]
    public async Task Sse_chat_sees_role_chunk_before_first_token()
    {
        await using var client = fake.Client(Transport.Sse);
        var t = await client.StreamAsync(FakeServerFixture.WithFault(Transport.Sse, null));

        // role chunk + 10 content + finish + usage + [DONE]
        Assert.Equal(14, t.ChunkCount);
        Assert.True(t.FirstChunk <= t.FirstToken);
        Assert.Equal("stop", t.FinishReason);
    }

    [Theory]
    [InlineData("sse")]
    [InlineData("sse-h2")]
    public async Task Responses_dialect_streams_with_usage(string transportName)
    {
        Assert.True(TransportNames.TryParse(transportName, out var transport));
        await using var client = fake.Client(transport, dialect: SseDialect.Responses);
        var t = await client.StreamAsync(FakeServerFixture.WithFault(transport, null));
        Assert.Equal(RequestOutcome.Ok, t.Outcome);
        Assert.Equal(10, t.ContentDeltaCount);
        Assert.Equal(10, t.Usage!.Value.CompletionTokens);
        Assert.Equal("completed", t.FinishReason);

        var broken = await client.StreamAsync(FakeServerFixture.WithFault(transport, "error-mid@2"));
        Assert.Equal(RequestOutcome.ServerError, broken.Outcome);
        var cut = await client.StreamAsync(FakeServerFixture.WithFault(transport, "drop-close@2"));
        Assert.Equal(RequestOutcome.Truncated, cut.Outcome);
    }

    [Fact]
    public async Task Several_tokens_per_chunk_show_a_discrepancy_against_usage()
    {
        await using var client = fake.Client(Transport.Sse);
        var t = await client.StreamAsync(FakeServerFixture.WithFault(Transport.Sse, null, "fake/ttft=5,itl=2,tokens=10,chunk=2"));
        Assert.Equal(RequestOutcome.Ok, t.Outcome);
        Assert.Equal(5, t.ContentDeltaCount);
        Assert.Equal(10, t.TokenCount);
        Assert.Equal(5, t.TokenCountDiscrepancy);
    }

    // 12 tokens in 4 deltas of 3: a count of deltas (4) can never pass for the tokenizer's count.
    private const string ThreeTokensPerDelta = "fake/ttft=5,itl=1,tokens=12,chunk=3";

    private IChatStreamClient CountingClient(Transport transport, TokenCounter? counter) =>
        ChatStreamClientFactory.Create(transport, new ChatClientOptions
        {
            Endpoint = fake.EndpointFor(transport),
            Retry = RetryOptions.None,
            OutputTokenCounter = counter,
        });

    [Theory]
    [InlineData("sse")]
    [InlineData("sse-h2")]
    [InlineData("ws")]
    public async Task Without_usage_the_tokenizer_counts_the_streamed_text(string transportName)
    {
        Assert.True(TransportNames.TryParse(transportName, out var transport));
        var counter = TokenCounter.Create(TokenCounter.DefaultName)!;
        await using var client = CountingClient(transport, counter);
        var observer = new Collect();
        var t = await client.StreamAsync(FakeServerFixture.WithFault(transport, "no-usage", ThreeTokensPerDelta), observer: observer);

        Assert.Equal(RequestOutcome.Ok, t.Outcome);
        Assert.Null(t.Usage);
        Assert.Equal(4, t.ContentDeltaCount);
        Assert.Equal(counter.Count(observer.Text.ToString()), t.CountedTokens);
        Assert.True(t.CountedTokens > t.ContentDeltaCount, $"counted {t.CountedTokens} of a 12-word answer in 4 deltas");
        Assert.Equal(OutputTokenSource.Counted, t.TokenSource);
        Assert.Equal(t.CountedTokens, t.TokenCount);
        Assert.Equal(TokenCounter.DefaultName, t.Tokenizer);
        Assert.Null(t.UsageCountDifference);
    }

    [Theory]
    [InlineData("sse", SseDialect.ChatCompletions)]
    [InlineData("sse", SseDialect.Responses)]
    [InlineData("ws", SseDialect.ChatCompletions)]
    public async Task With_usage_the_count_is_usage_and_the_tokenizer_checks_it(string transportName, SseDialect dialect)
    {
        Assert.True(TransportNames.TryParse(transportName, out var transport));
        var counter = TokenCounter.Create(TokenCounter.Cl100kName)!;
        await using var client = ChatStreamClientFactory.Create(transport, new ChatClientOptions
        {
            Endpoint = fake.EndpointFor(transport),
            Retry = RetryOptions.None,
            SseDialect = dialect,
            OutputTokenCounter = counter,
        });
        var observer = new Collect();
        var honest = await client.StreamAsync(FakeServerFixture.WithFault(transport, null, ThreeTokensPerDelta), observer: observer);
        Assert.Equal(OutputTokenSource.Usage, honest.TokenSource);
        Assert.Equal(12, honest.TokenCount);
        Assert.Equal(counter.Count(observer.Text.ToString()), honest.CountedTokens);
        Assert.Equal(honest.CountedTokens - 12, honest.UsageCountDifference);

        // A server whose usage is wrong on purpose: the count is still usage's, the difference shows it.
        var wrong = await client.StreamAsync(FakeServerFixture.WithFault(transport, "usage-tokens=40", ThreeTokensPerDelta));
        Assert.Equal(OutputTokenSource.Usage, wrong.TokenSource);
        Assert.Equal(40, wrong.TokenCount);
        Assert.Equal(honest.CountedTokens, wrong.CountedTokens);
        Assert.Equal(wrong.CountedTokens - 40, wrong.UsageCountDifference);
        Assert.Equal((wrong.CountedTokens - 40) / 40.0, wrong.UsageCountRelativeDifference);
    }

    [Theory]
    [InlineData("sse")]
    [InlineData("ws")]
    public async Task Tokenizer_none_counts_nothing_and_falls_back_to_deltas(string transportName)
    {
        Assert.True(TransportNames.TryParse(transportName, out var transport));
        await using var client = CountingClient(transport, null);
        var t = await client.StreamAsync(FakeServerFixture.WithFault(transport, "no-usage", ThreeTokensPerDelta));

        Assert.Equal(RequestOutcome.Ok, t.Outcome);
        Assert.Null(t.CountedTokens);
        Assert.Null(t.Tokenizer);
        Assert.Equal(OutputTokenSource.Deltas, t.TokenSource);
        Assert.Equal(4, t.TokenCount);
    }

    [Fact]
    public async Task A_request_that_failed_before_any_text_is_not_counted()
    {
        await using var client = CountingClient(Transport.Sse, TokenCounter.Create(TokenCounter.DefaultName));
        var t = await client.StreamAsync(FakeServerFixture.WithFault(Transport.Sse, "status=429"));

        Assert.Equal(RequestOutcome.HttpError, t.Outcome);
        Assert.Null(t.CountedTokens);
        Assert.Equal(OutputTokenSource.Deltas, t.TokenSource);
        Assert.Equal(0, t.TokenCount);
    }

    [Fact]
    public async Task Concurrent_streams_on_one_client_all_complete()
    {
        await using var client = fake.Client(Transport.WebSocket);
        var all = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.StreamAsync(FakeServerFixture.WithFault(Transport.WebSocket, null))));
        Assert.All(all, t => Assert.Equal(RequestOutcome.Ok, t.Outcome));
        var again = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.StreamAsync(FakeServerFixture.WithFault(Transport.WebSocket, null))));
        Assert.All(again, t => Assert.True(t.ConnectionReused));
    }
}
