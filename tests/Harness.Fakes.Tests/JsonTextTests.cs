using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Harness.Fakes.Tests;

public sealed class JsonTextTests
{
    [Theory]
    [InlineData("plain words")]
    [InlineData("say \"hi\"")]
    [InlineData("back\\slash")]
    [InlineData("line\nbreak\r\n\ttab")]
    [InlineData("bell\u0007 and nul\u0000 and unit\u001f")]
    [InlineData("สวัสดี 👋")]
    [InlineData("\"")]
    [InlineData("")]
    public void WriteQuoted_IsValidJsonThatReadsBackTheSameText_AndMatchesQuote(string text)
    {
        var output = new ArrayBufferWriter<byte>();
        JsonText.WriteQuoted(output, text);
        string written = Encoding.UTF8.GetString(output.WrittenSpan);

        Assert.Equal(text, JsonSerializer.Deserialize<string>(written));
        Assert.Equal(JsonText.Quote(text), written);
    }
}
