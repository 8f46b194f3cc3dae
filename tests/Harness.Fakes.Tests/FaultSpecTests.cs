namespace Harness.Fakes.Tests;

public sealed class FaultSpecTests
{
    [Fact]
    public void ParsesCombinedItems()
    {
        var f = FaultSpec.Parse("status=429;retry-after=2, stall=500@4,oversized@3=2000,line-ends=crlf,bom,ping-every=2,no-done,ws-fragment@1");
        Assert.Equal(429, f.Status);
        Assert.Equal(2, f.RetryAfterSeconds);
        Assert.Equal(4, f.StallAt);
        Assert.Equal(500, f.Stall.TotalMilliseconds);
        Assert.Equal(3, f.OversizedAt);
        Assert.Equal(2000, f.OversizedBytes);
        Assert.Equal(SseLineEnding.CrLf, f.LineEnding);
        Assert.True(f.Bom && f.NoDone);
        Assert.Equal(2, f.PingEvery);
        Assert.Equal(1, f.WsFragmentAt);
        Assert.True(FaultSpec.Parse(string.Empty).IsNone);
    }

    [Theory]
    [InlineData("explode@3", "unknown fault 'explode'")]
    [InlineData("malformed", "needs an event index")]
    [InlineData("bom@2", "takes no index")]
    [InlineData("status=abc", "needs an integer")]
    [InlineData("line-ends=crcr", "lf, crlf or cr")]
    [InlineData("no-done=1", "takes no value")]
    public void BadSpecsFailWithAClearMessage(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => FaultSpec.Parse(text));
        Assert.Contains(expected, ex.Message);
    }
}
