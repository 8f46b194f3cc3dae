using System.Net;
using System.Text;
using Harness.Clients.Internal.Http11;

namespace Harness.Clients.Tests.Internal.Http11;

public sealed class Http11ResponseHeadTests
{
    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nX-A:  b c \r\n\r\n", "1.1", 200, "OK")]
    [InlineData("HTTP/1.1 200 OK\nContent-Type: text/event-stream\nX-A:b c\n\n", "1.1", 200, "OK")]
    [InlineData("HTTP/1.0 404 Not Found\r\nContent-Type: text/event-stream\r\nX-A: b c\r\n\r\n", "1.0", 404, "Not Found")]
    [InlineData("HTTP/1.1 429\r\nContent-Type: text/event-stream\r\nX-A: b c\r\n\r\n", "1.1", 429, "")]
    public void Parses_status_line_and_fields(string text, string version, int status, string reason)
    {
        var bytes = Encoding.Latin1.GetBytes(text + "body");
        var end = Http11ResponseHead.FindEnd(bytes);
        Assert.Equal(text.Length, end);
        var head = Http11ResponseHead.Parse(bytes.AsSpan(0, end));
        Assert.Equal(Version.Parse(version), head.Version);
        Assert.Equal(status, head.StatusCode);
        Assert.Equal(reason, head.ReasonPhrase);
        Assert.Equal([new("Content-Type", "text/event-stream"), new("X-A", "b c")], head.Fields);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nA: b\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\n\r")]
    [InlineData("HTTP/1.1 200 OK")]
    public void An_unfinished_head_has_no_end_yet(string text) =>
        Assert.Equal(-1, Http11ResponseHead.FindEnd(Encoding.Latin1.GetBytes(text)));

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nA: b\r\n c\r\n\r\n", "obs-fold")]
    [InlineData("HTTP/1.1 200 OK\r\nA : b\r\n\r\n", "field name")]
    [InlineData("HTTP/1.1 200 OK\r\n: b\r\n\r\n", "field name and colon")]
    [InlineData("HTTP/1.1 200 OK\r\nnocolon\r\n\r\n", "field name and colon")]
    [InlineData("HTTP/1.1 200 OK\r\nA: b\rc\r\n\r\n", "bare CR")]
    [InlineData("HTTP/2 200\r\n\r\n", "status line")]
    [InlineData("HTTP/1.1 20 OK\r\n\r\n", "status line")]
    [InlineData("HTTP/1.1 2000 OK\r\n\r\n", "status line")]
    [InlineData("HTTP/1.1 099 Low\r\n\r\n", "status code")]
    [InlineData("ICY 200 OK\r\n\r\n", "status line")]
    public void Rejects_what_a_lenient_parser_would_guess_at(string text, string why)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        var ex = Assert.Throws<HttpRequestException>(() => Http11ResponseHead.Parse(bytes.AsSpan(0, Http11ResponseHead.FindEnd(bytes))));
        Assert.Equal(HttpRequestError.InvalidResponse, ex.HttpRequestError);
        Assert.Contains(why, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("200", "Content-Length: 12", "ContentLength", 12)]
    [InlineData("200", "Content-Length: 12\r\nContent-Length: 12", "ContentLength", 12)]
    [InlineData("200", "Content-Length: 12, 12", "ContentLength", 12)]
    [InlineData("200", "Transfer-Encoding: chunked", "Chunked", 0)]
    [InlineData("200", "Transfer-Encoding: gzip, Chunked\r\nContent-Length: 12", "Chunked", 0)]
    [InlineData("200", "Transfer-Encoding: chunked, gzip", "UntilClose", 0)]
    [InlineData("200", "X-A: b", "UntilClose", 0)]
    [InlineData("204", "Content-Length: 12", "None", 0)]
    [InlineData("304", "Transfer-Encoding: chunked", "None", 0)]
    public void Framing_follows_rfc9112_section_6_3(string status, string fields, string framing, long length)
    {
        var bytes = Encoding.Latin1.GetBytes($"HTTP/1.1 {status} X\r\n{fields}\r\n\r\n");
        var head = Http11ResponseHead.Parse(bytes);
        Assert.Equal((Enum.Parse<Http11Framing>(framing), length), head.Framing());
    }

    [Theory]
    [InlineData("Content-Length: 12\r\nContent-Length: 13")]
    [InlineData("Content-Length: 12, 13")]
    [InlineData("Content-Length: -1")]
    [InlineData("Content-Length: 1e3")]
    [InlineData("Content-Length: ")]
    public void Conflicting_or_invalid_lengths_are_an_invalid_response(string fields)
    {
        var head = Http11ResponseHead.Parse(Encoding.Latin1.GetBytes($"HTTP/1.1 200 OK\r\n{fields}\r\n\r\n"));
        Assert.Equal(HttpRequestError.InvalidResponse, Assert.Throws<HttpRequestException>(() => head.Framing()).HttpRequestError);
    }
}
