using System.Text.Json;

namespace Harness.Clients.Tests;

public sealed class RequestBodyFieldsTests
{
    [Fact]
    public void BodyFields_AreMerged_AndReplaceTheClientsOwn()
    {
        var request = ChatRequest.FromPrompt("m", "hi") with
        {
            MaxTokens = 10,
            BodyFields = RequestBodyFields.Parse("{\"temperature\":0.5,\"stream_options\":{\"include_usage\":false},\"max_tokens\":3,\"reasoning\":{\"effort\":\"low\"}}"),
        };
        using var body = JsonDocument.Parse(SseChatClient.BuildBody(request, SseDialect.ChatCompletions));
        var root = body.RootElement;
        Assert.Equal(0.5, root.GetProperty("temperature").GetDouble());
        Assert.False(root.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal(3, root.GetProperty("max_tokens").GetInt32());
        Assert.Equal("low", root.GetProperty("reasoning").GetProperty("effort").GetString());
        // No duplicate keys: each name once.
        var names = root.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Theory]
    [InlineData("{\"stream\":false}")]
    [InlineData("{\"messages\":[]}")]
    [InlineData("\"text\"")]
    [InlineData("{bad")]
    public void Reserved_OrNotAnObject_IsAFormatError(string json) =>
        Assert.Throws<FormatException>(() => RequestBodyFields.Parse(json));

    [Fact]
    public void ConversationFile_ParsesOneMessagesArrayPerLine()
    {
        var list = ConversationFile.Parse(["[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\",\"content\":\"u\"}]", "", "[{\"role\":\"user\",\"content\":\"v\"}]"], "f");
        Assert.Equal(2, list.Count);
        Assert.Equal(["system", "user"], list[0].Select(m => m.Role));
        var ex = Assert.Throws<FormatException>(() => ConversationFile.Parse(["[]"], "f"));
        Assert.StartsWith("f:1:", ex.Message, StringComparison.Ordinal);
    }
}
