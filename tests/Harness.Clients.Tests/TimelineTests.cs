using System.Text;

namespace Harness.Clients.Tests;

public sealed class TimelineTests(FakeServerFixture fake) : IClassFixture<FakeServerFixture>
{
    private sealed class Collect : IStreamObserver
    {
        public StringBuilder Text { get; } = new();

        public void OnContent(ReadOnlySpan<byte> utf8) => Text.Append(Encoding.UTF8.GetString(utf8));
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
        Assert.NotNull(first.TcpConnectDuration);
        Assert.Equal(TimeSpan.Zero, first.DnsDuration);
        Assert.True(first.RequestWritten >= first.ActualStart);
        Assert.True(first.ResponseHeaders >= first.ActualStart);
        Assert.True(first.FirstByte >= first.ResponseHeaders);
        Assert.True(first.FirstChunk >= first.FirstByte);
        Assert.True(first.FirstToken >= first.FirstChunk);
        Assert.True(first.End >= first.ContentArrivals[^1]);
        Assert.InRange(first.Ttft!.Value.TotalMilliseconds, 55, 1000);
        Assert.InRange(first.Tpot!.Value.TotalMilliseconds, 5, 100);
        Span<TimeSpan> gaps = stackalloc TimeSpan[16];
        Assert.Equal(11, first.GetInterTokenGaps(gaps));
        Assert.False(string.IsNullOrWhiteSpace(observer.Text.ToString()));

        var second = await client.StreamAsync(FakeServerFixture.WithFault(transport, null));
        Assert.Equal(RequestOutcome.Ok, second.Outcome);
        Assert.True(second.ConnectionReused);
        Assert.Null(second.TcpConnectDuration);
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
