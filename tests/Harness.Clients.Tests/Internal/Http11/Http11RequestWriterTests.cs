using System.Buffers;
using System.Text;
using Harness.Clients.Internal.Http11;

namespace Harness.Clients.Tests.Internal.Http11;

public sealed class Http11RequestWriterTests
{
    [Fact]
    public void A_request_is_its_line_fields_length_and_body_in_one_buffer()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://[::1%3]:8080/v1/chat?x=1") { Content = new ByteArrayContent("{}"u8.ToArray()) };
        request.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
        request.Headers.TryAddWithoutValidation("X-Two", ["a", "b"]);

        Assert.Equal(
            "POST /v1/chat?x=1 HTTP/1.1\r\nHost: [::1]:8080\r\nAccept: text/event-stream\r\nX-Two: a, b\r\nContent-Length: 2\r\n\r\n{}",
            Written(request));
    }

    [Theory]
    [InlineData("v\r\nInjected: 1", "contains a line break, NUL or (in its name) a colon or space")]
    [InlineData("a\0b", "contains a line break, NUL or (in its name) a colon or space")]
    [InlineData("caf\u00e9", "contains a non-ASCII character")]
    public void A_field_value_that_would_change_the_request_is_refused(string value, string said)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/");
        request.Headers.TryAddWithoutValidation("X-Bad", value);
        var ex = Assert.Throws<HttpRequestException>(() => Written(request));
        Assert.Equal($"the request header 'X-Bad' {said}", ex.Message);
    }

    private static string Written(HttpRequestMessage request)
    {
        var output = new ArrayBufferWriter<byte>();
        Http11RequestWriter.Write(output, request, CancellationToken.None);
        return Encoding.ASCII.GetString(output.WrittenSpan);
    }
}
