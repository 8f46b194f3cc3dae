using System.Text;
using Harness.Core.OpenAI;

namespace Harness.Core.Tests.OpenAI;

public sealed class ChatChunkDecoderTests
{
    private static ChatChunkDecoder Decode(string data, out ChatChunkKind kind)
    {
        var decoder = new ChatChunkDecoder();
        kind = decoder.Decode(Encoding.UTF8.GetBytes(data));
        return decoder;
    }

    [Fact]
    public void Decode_Done()
    {
        Decode("[DONE]", out var kind);
        Assert.Equal(ChatChunkKind.Done, kind);
    }

    [Theory]
    [InlineData("[DONE] ")]
    [InlineData("[done]")]
    public void Decode_NearlyDone_IsMalformed(string data)
    {
        var decoder = Decode(data, out var kind);
        Assert.Equal(ChatChunkKind.Malformed, kind);
        Assert.NotNull(decoder.MalformedReason);
    }

    [Fact]
    public void Decode_RoleChunk_HasRoleAndNoContent()
    {
        var decoder = Decode("""{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""", out var kind);
        Assert.Equal(ChatChunkKind.Chunk, kind);
        Assert.Equal("assistant", decoder.Role);
        Assert.False(decoder.HasContent);
        Assert.True(decoder.IsChatCompletionChunk);
        Assert.True(decoder.HasDelta);
        Assert.Null(decoder.FinishReason);
        Assert.Equal(1, decoder.ChoiceCount);
    }

    [Fact]
    public void Decode_ContentChunk_UnescapesContent()
    {
        var decoder = Decode("""{"object":"chat.completion.chunk","choices":[{"delta":{"content":"a\"b\n\u0e2a 👋"}}]}""", out _);
        Assert.True(decoder.HasContent);
        Assert.Equal("a\"b\nส 👋", decoder.GetContent());
    }

    [Fact]
    public void Decode_FinishReason_OnLastChoiceChunk()
    {
        var decoder = Decode("""{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""", out _);
        Assert.Equal("stop", decoder.FinishReason);
        Assert.False(decoder.HasContent);
    }

    [Fact]
    public void Decode_UsageChunk_WithEmptyChoices()
    {
        var decoder = Decode("""{"object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":34,"total_tokens":46}}""", out var kind);
        Assert.Equal(ChatChunkKind.Chunk, kind);
        Assert.True(decoder.HasChoices);
        Assert.Equal(0, decoder.ChoiceCount);
        Assert.Equal(new ChatUsage(12, 34, 46), decoder.Usage);
    }

    [Fact]
    public void Decode_NullUsage_IsAbsent()
    {
        var decoder = Decode("""{"choices":[{"delta":{"content":"x"}}],"usage":null}""", out _);
        Assert.Null(decoder.Usage);
    }

    [Fact]
    public void Decode_ReasoningContent()
    {
        var decoder = Decode("""{"choices":[{"delta":{"reasoning_content":"thinking","content":null}}]}""", out _);
        Assert.True(decoder.HasReasoning);
        Assert.Equal("thinking", decoder.GetReasoning());
        Assert.False(decoder.HasContent);
    }

    [Fact]
    public void Decode_MidStreamError()
    {
        var decoder = Decode("""{"error":{"message":"overloaded","type":"server_error","code":503}}""", out var kind);
        Assert.Equal(ChatChunkKind.Error, kind);
        Assert.Equal(new ChatError("overloaded", "server_error", "503"), decoder.Error);
    }

    [Theory]
    [InlineData("{\"choices\":[{\"delta\":{\"content\":\"x\"}}]")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("{\"a\":1} {\"b\":2}")]
    [InlineData("\"text\"")]
    public void Decode_InvalidJson_IsMalformed(string data)
    {
        var decoder = Decode(data, out var kind);
        Assert.Equal(ChatChunkKind.Malformed, kind);
        Assert.False(string.IsNullOrEmpty(decoder.MalformedReason));
        Assert.False(decoder.HasContent);
    }

    /// <summary>The reason says where the chunk broke, not System.Text.Json's "LineNumber: 0 | BytePositionInLine: 1".</summary>
    [Theory]
    [InlineData("{bad", "'b' is an invalid start of a property name. Expected a '\"' (line 1, column 2)")]
    [InlineData("{\"choices\":[{\"delta\":{\"content\":\"x\"}}]", "it ends inside an object or array: cut short?")]
    [InlineData("{\"choices\":\"x", "it ends inside a string: cut short?")]
    [InlineData("", "it holds no JSON (empty or only whitespace)")]
    [InlineData("[1,2]", "payload is not a JSON object")]
    public void Decode_InvalidJson_ReasonSaysWhere(string data, string reason)
    {
        var decoder = Decode(data, out var kind);
        Assert.Equal(ChatChunkKind.Malformed, kind);
        Assert.Equal(reason, decoder.MalformedReason);
    }

    [Fact]
    public void Decode_ExtraChoices_CountedButFirstExtracted()
    {
        var decoder = Decode("""{"choices":[{"delta":{"content":"first"}},{"delta":{"content":"second"}}]}""", out _);
        Assert.Equal(2, decoder.ChoiceCount);
        Assert.Equal("first", decoder.GetContent());
    }

    [Fact]
    public void Decode_ReusedDecoder_ForgetsThePreviousChunk()
    {
        var decoder = new ChatChunkDecoder();
        decoder.Decode("""{"choices":[{"delta":{"role":"assistant","content":"x"},"finish_reason":"stop"}],"usage":{"completion_tokens":1}}"""u8);
        decoder.Decode("""{"choices":[{"delta":{}}]}"""u8);
        Assert.Null(decoder.Role);
        Assert.Null(decoder.FinishReason);
        Assert.Null(decoder.Usage);
        Assert.False(decoder.HasContent);
    }

    [Fact]
    public void Decode_ContentChunk_AllocatesNothing()
    {
        var decoder = new ChatChunkDecoder();
        var data = """{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hello"},"finish_reason":null}]}"""u8.ToArray();
        decoder.Decode(data);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            decoder.Decode(data);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal("Hello", decoder.GetContent());
    }

    [Fact]
    public void Decode_WellFormedJsonWithBrokenText_IsMalformedNotAnException()
    {
        // Found by ChatChunkDecoderPropertyTests: an escaped lone surrogate in content (fast path and
        // reader alike), and bytes that are not UTF-8 in an error message, threw InvalidOperationException.
        using var decoder = new ChatChunkDecoder();
        Assert.Equal(ChatChunkKind.Malformed, decoder.Decode("""{"choices":[{"index":0,"delta":{"content":"\ud83d"},"finish_reason":null}]}"""u8));
        Assert.Equal(ChatChunkKind.Malformed, decoder.Decode([.. """{"error":{"message":"a"""u8, 0xEA, .. "\",\"code\":\"503\"}}"u8]));
        Assert.NotNull(decoder.MalformedReason);
        Assert.Equal(ChatChunkKind.Chunk, decoder.Decode("""{"choices":[{"index":0,"delta":{"content":"\ud83d\ude00"},"finish_reason":null}]}"""u8));
        Assert.Equal("\U0001F600", decoder.GetContent());
    }
}
