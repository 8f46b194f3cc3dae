using Harness.Clients;

namespace Harness.Load.Tests;

public sealed class RequestRowTests
{
    [Theory]
    [InlineData("sse,c10,12.346,12.4,false,0.731,,3.1,3.2,103.5,590.125,25,25,27,ok,200,,,0,0")]
    [InlineData("ws,r20,-0.5,0,true,,,,,,5000.001,0,0,0,timeout,,,first_token,2,1500.25")]
    [InlineData("\"a,b\",\"c\"\"1\",0,0,true,,,,,,1,0,0,0,ws_closed,,1011,,0,0")]
    [InlineData("sse-h2,c1,1,1,false,2.5,1.25,4,,,9,0,0,1,http_error,429,,,3,2000")]
    public void ParseThenWrite_GivesTheSameLine(string line) => Assert.Equal(line, RequestRow.Parse(line).ToCsv());

    [Fact]
    public void Parse_ReadsEachColumnTyped()
    {
        var row = RequestRow.Parse("sse,c10,12.346,12.4,false,0.731,,3.1,3.2,103.5,590.125,25,24,27,http_error,503,,idle,1,250");
        Assert.Equal(("sse", "c10"), (row.Transport, row.LoadPoint));
        Assert.Equal(103.5, row.TtftMs);
        Assert.Null(row.TlsMs);
        Assert.Equal((25L, 24, 27), (row.Tokens, row.ContentDeltas, row.Chunks));
        Assert.Equal((RequestOutcome.HttpError, 503, TimeoutPhase.Idle), (row.Outcome, row.HttpStatus!.Value, row.TimeoutPhase));
        Assert.Equal((1, 250.0), (row.Retries, row.RetryWaitMs));
    }

    [Theory]
    [InlineData("sse,c1,0,0,false,,,,,,1,0,0,0,ok,,,,0", "expected 20 columns")]
    [InlineData("sse,c1,0,0,maybe,,,,,,1,0,0,0,ok,,,,0,0", "connection_reused 'maybe'")]
    [InlineData("sse,c1,0,0,true,,,,,,1,0,0,0,web_socket_closed,,,,0,0", "outcome 'web_socket_closed'")]
    [InlineData("sse,c1,0,0,true,,,,,,NaN,0,0,0,ok,,,,0,0", "e2e_ms 'NaN'")]
    [InlineData("sse,c1,0,0,true,,,,,,1,-3,0,0,ok,,,,0,0", "tokens '-3'")]
    [InlineData("sse,c1,0,0,true,,,,,,1,0,0,0,ok,,,none,0,0", "timeout_phase 'none'")]
    [InlineData("sse,c1,0,0,true,,,,,,1,0,0,0,ok,,,,0,", "retry_wait_ms ''")]
    public void Parse_AnythingElse_InvalidDataNamingTheCell(string line, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => RequestRow.Parse(line));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
