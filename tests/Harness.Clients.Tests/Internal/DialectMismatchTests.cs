using System.Text;
using Harness.Clients.Tests.Internal.Http11;

namespace Harness.Clients.Tests.Internal;

/// <summary>A stream read in the wrong SSE dialect ends with a hint naming the right one, and only then.</summary>
public sealed class DialectMismatchTests
{
    private const string ChatStream =
        "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n" +
        "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n" +
        "data: [DONE]\n\n";

    private const string ResponsesStream =
        "event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"r\"}}\n\n" +
        "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"Hi\"}\n\n" +
        "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"id\":\"r\",\"status\":\"completed\"}}\n\n";

    [Theory]
    [InlineData(ResponsesStream, SseDialect.ChatCompletions, "use --responses")]
    [InlineData(ChatStream, SseDialect.Responses, "drop --responses")]
    public async Task Other_dialect_is_named(string body, SseDialect dialect, string hint)
    {
        var timeline = await StreamAsync(body, dialect);
        Assert.Equal(RequestOutcome.Truncated, timeline.Outcome);
        Assert.EndsWith($"({hint})", timeline.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ChatStream, SseDialect.ChatCompletions)]
    [InlineData(ResponsesStream, SseDialect.Responses)]
    public async Task Own_dialect_reads_whole(string body, SseDialect dialect)
    {
        var timeline = await StreamAsync(body, dialect);
        Assert.Equal(RequestOutcome.Ok, timeline.Outcome);
        Assert.Equal(1, timeline.ContentDeltaCount);
    }

    [Fact]
    public async Task Chat_stream_cut_short_is_plainly_truncated()
    {
        var timeline = await StreamAsync(ChatStream[..ChatStream.IndexOf("data: [DONE]", StringComparison.Ordinal)], SseDialect.ChatCompletions);
        Assert.Equal(RequestOutcome.Truncated, timeline.Outcome);
        Assert.Equal("stream ended without data: [DONE]", timeline.ErrorMessage);
    }

    private static async Task<RequestTimeline> StreamAsync(string body, SseDialect dialect)
    {
        await using var server = new CannedResponseServer();
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        server.Response = [Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: {bytes.Length}\r\n\r\n"), bytes];
        await using var client = ChatStreamClientFactory.Create(Transport.Sse, new ChatClientOptions
        {
            Endpoint = new Uri($"http://127.0.0.1:{server.Url.Port}"),
            Retry = RetryOptions.None,
            SseDialect = dialect,
        });
        return await client.StreamAsync(ChatRequest.FromPrompt("m", "hi")).WaitAsync(TimeSpan.FromSeconds(30));
    }
}
