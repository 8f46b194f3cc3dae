using System.Text;
using Harness.Clients.Internal;

namespace Harness.Clients.Tests;

public sealed class DecoderTests
{
    [Fact]
    public void WebSocket_decoder_reads_the_default_dialect()
    {
        using var d = new WebSocketMessageDecoder(WebSocketDialect.Default);
        Assert.Equal(StreamEventKind.Delta, d.Decode("{\"type\":\"content.delta\",\"delta\":\"h\\u00e9llo \\\"x\\\"\"}"u8));
        Assert.Equal("héllo \"x\"", Encoding.UTF8.GetString(d.Delta.Span));
        Assert.Equal(StreamEventKind.Done, d.Decode("{\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":7,\"total_tokens\":10},\"type\":\"chat.done\"}"u8));
        Assert.Equal(7, d.Usage!.Value.CompletionTokens);
        Assert.Equal(StreamEventKind.Error, d.Decode("{\"type\":\"error\",\"message\":\"boom\",\"code\":\"server_error\"}"u8));
        Assert.Equal(("boom", "server_error"), (d.ErrorMessage, d.ErrorCode));
        Assert.Equal(StreamEventKind.Malformed, d.Decode("this frame is not JSON {"u8));
        Assert.Equal(StreamEventKind.Malformed, d.Decode("{\"type\":\"content.delta\"} trailing"u8));
        Assert.Equal(StreamEventKind.Other, d.Decode("{\"type\":\"pong\"}"u8));
    }

    [Fact]
    public void WebSocket_decoder_follows_a_custom_dialect_from_json()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """{"start":{"op":"generate","prompt":"$messages","llm":"$model"},"type_field":"op","delta_type":"token","delta_field":"text","done_type":"end","error_type":"fail","usage_field":"stats","error_message_field":"reason","reasoning_type":"thought"}""");
        try
        {
            var dialect = WebSocketDialect.Load(path);
            using var d = new WebSocketMessageDecoder(dialect);
            Assert.Equal(StreamEventKind.Delta, d.Decode("{\"op\":\"token\",\"text\":\"hi\"}"u8));
            Assert.Equal("hi", Encoding.UTF8.GetString(d.Delta.Span));
            Assert.Equal(StreamEventKind.Reasoning, d.Decode("{\"op\":\"thought\",\"text\":\"hmm\"}"u8));
            Assert.Equal(StreamEventKind.Done, d.Decode("{\"op\":\"end\",\"stats\":{\"input_tokens\":2,\"output_tokens\":5}}"u8));
            Assert.Equal(5, d.Usage!.Value.CompletionTokens);
            Assert.Equal(7, d.Usage!.Value.TotalTokens);
            Assert.Equal(StreamEventKind.Error, d.Decode("{\"op\":\"fail\",\"reason\":\"nope\"}"u8));
            Assert.Equal("nope", d.ErrorMessage);

            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            new StartMessageTemplate(dialect).Write(buffer, ChatRequest.FromPrompt("m1", "hello") with { ExtraBodyFields = new Dictionary<string, string> { ["fault"] = "x" } }, "KEY");
            Assert.Equal("""{"op":"generate","prompt":[{"role":"user","content":"hello"}],"llm":"m1","fault":"x"}""", Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Unknown_dialect_key_is_rejected()
    {
        using var doc = System.Text.Json.JsonDocument.Parse("""{"delta_typ":"x"}""");
        Assert.Throws<FormatException>(() => WebSocketDialect.FromJson(doc.RootElement));
    }

    [Fact]
    public void Default_start_message_puts_the_key_only_where_asked()
    {
        var template = new StartMessageTemplate(WebSocketDialect.Default);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        template.Write(buffer, ChatRequest.FromPrompt("m", "hi"), apiKeyInMessage: null);
        Assert.Equal("""{"type":"chat.start","model":"m","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8.GetString(buffer.WrittenSpan));
        buffer.ResetWrittenCount();
        template.Write(buffer, ChatRequest.FromPrompt("m", "hi") with { MaxTokens = 5 }, apiKeyInMessage: "k");
        Assert.Equal("""{"type":"chat.start","model":"m","messages":[{"role":"user","content":"hi"}],"api_key":"k","max_tokens":5}""", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Responses_decoder_reads_deltas_usage_and_errors()
    {
        using var d = new ResponsesEventDecoder();
        Assert.Equal(StreamEventKind.Delta, d.Decode("{\"type\":\"response.output_text.delta\",\"sequence_number\":4,\"delta\":\" the\"}"u8));
        Assert.Equal(" the", Encoding.UTF8.GetString(d.Delta.Span));
        Assert.Equal(StreamEventKind.Done, d.Decode("{\"type\":\"response.completed\",\"response\":{\"id\":\"r\",\"output\":[{\"x\":[1,2]}],\"usage\":{\"input_tokens\":3,\"output_tokens\":9,\"total_tokens\":12}}}"u8));
        Assert.Equal(9, d.Usage!.Value.CompletionTokens);
        Assert.Equal(StreamEventKind.Error, d.Decode("{\"type\":\"error\",\"code\":\"server_error\",\"message\":\"bad\"}"u8));
        Assert.Equal("bad", d.ErrorMessage);
        Assert.Equal(StreamEventKind.Error, d.Decode("{\"type\":\"response.failed\",\"response\":{\"error\":{\"message\":\"failed\"}}}"u8));
        Assert.Equal("failed", d.ErrorMessage);
        Assert.Equal(StreamEventKind.Other, d.Decode("{\"type\":\"response.created\",\"response\":{\"usage\":null}}"u8));
        Assert.Equal(StreamEventKind.Malformed, d.Decode("{\"type\":\"response.output_text.delta\",\"delta\":\"trunc"u8));
    }

    [Fact]
    public void Decoding_deltas_allocates_nothing()
    {
        using var ws = new WebSocketMessageDecoder(WebSocketDialect.Default);
        using var responses = new ResponsesEventDecoder();
        var wsDelta = "{\"type\":\"content.delta\",\"delta\":\" over\"}"u8.ToArray();
        var respDelta = "{\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":0,\"delta\":\" over\"}"u8.ToArray();
        ws.Decode(wsDelta);
        responses.Decode(respDelta);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var deltas = 0;
        for (var i = 0; i < 1000; i++)
        {
            deltas += ws.Decode(wsDelta) == StreamEventKind.Delta ? 1 : 0;
            deltas += responses.Decode(respDelta) == StreamEventKind.Delta ? 1 : 0;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(2000, deltas);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData("120", 120.0)]
    [InlineData(" 0 ", 0.0)]
    [InlineData("soon", null)]
    [InlineData("", null)]
    public void Retry_after_seconds(string value, double? seconds) =>
        Assert.Equal(seconds, RetryDelay.Parse(value, DateTimeOffset.UtcNow)?.TotalSeconds);

    [Fact]
    public void Retry_after_is_capped_at_a_day_in_both_forms()
    {
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(RetryDelay.MaxRetryAfter, RetryDelay.Parse("999999999", now));
        Assert.Equal(RetryDelay.MaxRetryAfter, RetryDelay.Parse("Sat, 01 Jan 2028 12:00:00 GMT", now));
        Assert.Equal(TimeSpan.FromDays(1), RetryDelay.MaxRetryAfter);
    }

    [Fact]
    public void Retry_after_http_date()
    {
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromSeconds(30), RetryDelay.Parse("Thu, 01 Jan 2026 12:00:30 GMT", now));
        Assert.Equal(TimeSpan.Zero, RetryDelay.Parse("Thu, 01 Jan 2026 11:00:00 GMT", now));
    }

    [Fact]
    public void Backoff_is_jittered_and_bounded()
    {
        var options = new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(300) };
        var samples = Enumerable.Range(0, 200).Select(_ => RetryDelay.Backoff(options, 5).TotalMilliseconds).ToArray();
        Assert.All(samples, s => Assert.InRange(s, 0, 300));
        Assert.True(samples.Distinct().Count() > 100);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080/v1/chat/completions")]
    [InlineData("http://127.0.0.1:8080/", "http://127.0.0.1:8080/v1/chat/completions")]
    [InlineData("http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1/chat/completions")]
    [InlineData("http://127.0.0.1:8080/v1/", "http://127.0.0.1:8080/v1/chat/completions")]
    [InlineData("https://h/openai/v1/chat/completions", "https://h/openai/v1/chat/completions")]
    public void Base_url_with_or_without_v1(string given, string expected) =>
        Assert.Equal(expected, SseChatClient.ResolveEndpoint(new Uri(given), SseDialect.ChatCompletions).ToString());

    [Fact]
    public void Responses_base_url() =>
        Assert.Equal("http://h:1/v1/responses", SseChatClient.ResolveEndpoint(new Uri("http://h:1/v1"), SseDialect.Responses).ToString());

    [Fact]
    public void Decoders_WellFormedJsonWithBrokenText_AreMalformedNotAnException()
    {
        // Found by the decoders' property tests: GetString and CopyString throw InvalidOperationException
        // on text that is not valid UTF-8 or holds an escaped lone surrogate.
        using var ws = new WebSocketMessageDecoder(WebSocketDialect.Default);
        Assert.Equal(StreamEventKind.Malformed, ws.Decode([.. "{\"type\":\"error\",\"message\":\"a"u8, 0xFF, .. "\"}"u8]));
        Assert.Equal(StreamEventKind.Malformed, ws.Decode("{\"type\":\"content.delta\",\"delta\":\"\\ud800\"}"u8));
        using var responses = new ResponsesEventDecoder();
        Assert.Equal(StreamEventKind.Malformed, responses.Decode([.. "{\"type\":\"error\",\"message\":\"a"u8, 0xFF, .. "\"}"u8]));
    }
}
