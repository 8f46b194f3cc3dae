using Harness.Cli.Commands;

namespace Harness.Cli.Tests.Commands;

public sealed class FakeServeProcessTests
{
    [Fact]
    public void The_url_line_gives_the_three_endpoints()
    {
        var endpoints = FakeServeProcess.ParseUrls("""{"http":"http://127.0.0.1:4000","http2":"http://127.0.0.1:4001","ws":"ws://127.0.0.1:4000/v1/ws/chat","https":null}""");
        Assert.NotNull(endpoints);
        Assert.Equal(new Uri("http://127.0.0.1:4001"), endpoints.Http2);
        Assert.Equal(new Uri("ws://127.0.0.1:4000/v1/ws/chat"), endpoints.WebSocket);
    }

    [Theory]
    [InlineData("   1: JIT compiled Program:<Main>(System.String[]) [Tier0, IL size=20, code size=62]")]
    [InlineData("fake: warmed up in 2072 ms")]
    [InlineData("{not json")]
    [InlineData("""{"http":"http://127.0.0.1:4000"}""")]
    [InlineData("""{"http":"http://127.0.0.1:4000","http2":null,"ws":"ws://127.0.0.1:4000/v1/ws/chat"}""")]
    [InlineData("[1,2]")]
    public void Other_lines_are_not_taken_for_it(string line) => Assert.Null(FakeServeProcess.ParseUrls(line));
}
