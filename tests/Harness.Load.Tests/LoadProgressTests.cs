namespace Harness.Load.Tests;

public sealed class LoadProgressTests
{
    [Fact]
    public void BeforeTheFirstFinishedRequest_TtftReadsAsNone()
    {
        var line = new LoadProgress { Transport = "sse", LoadPoint = "c10", Elapsed = TimeSpan.FromSeconds(2), Active = 10 }.ToString();

        Assert.EndsWith("ttft p50=– p99=–", line, StringComparison.Ordinal);
        Assert.DoesNotContain("0.0ms", line, StringComparison.Ordinal);
    }

    [Fact]
    public void WithTtft_PrintsBothPercentiles()
    {
        var line = new LoadProgress
        {
            Transport = "ws",
            LoadPoint = "c100",
            Elapsed = TimeSpan.FromSeconds(1),
            Finished = 3,
            RequestsPerSecond = 3,
            TtftP50Ms = 101.25,
            TtftP99Ms = 140,
        }.ToString();

        Assert.Equal("ws c100   1.0s req/s=3 active=0 done=3 errors=0 ttft p50=101.3ms p99=140.0ms", line);
    }

    [Fact]
    public void InTheWarmUp_TheLineShowsTheWarmUpsRequests_NotTheMeasuredZeros()
    {
        var line = new LoadProgress
        {
            Transport = "sse",
            LoadPoint = "c10",
            Round = "1/3",
            Elapsed = TimeSpan.FromSeconds(1.2),
            WarmingUp = true,
            WarmUp = TimeSpan.FromSeconds(2),
            Active = 2,
            WarmUpSent = 40,
            WarmUpFinished = 38,
            WarmUpErrors = 38,
        }.ToString();

        Assert.Equal("sse c10 round 1/3   1.2s warm-up of 2s: active=2 sent=40 done=38 errors=38", line);
    }
}
