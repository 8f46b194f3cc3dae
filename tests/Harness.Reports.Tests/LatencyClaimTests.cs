using Harness.Reports.Claims;

namespace Harness.Reports.Tests;

public sealed class LatencyClaimTests
{
    [Theory]
    [InlineData("ttft p95 < 50ms", "ttft", 95, ClaimComparison.LessThan, 50)]
    [InlineData("e2e p99.9 <= 2s", "e2e", 99.9, ClaimComparison.LessThanOrEqual, 2000)]
    [InlineData("  ITL p50<800us ", "itl", 50, ClaimComparison.LessThan, 0.8)]
    [InlineData("connect p99 < 3", "connect", 99, ClaimComparison.LessThan, 3)]
    [InlineData("ttfb p90 <= 1.5 ms", "ttfb", 90, ClaimComparison.LessThanOrEqual, 1.5)]
    public void Parse_ReadsMetricPercentileOperatorAndThresholdInMs(string text, string metric, double percentile, ClaimComparison comparison, double thresholdMs)
    {
        var claim = LatencyClaim.Parse(text);
        Assert.Equal(metric, claim.Metric);
        Assert.Equal(percentile, claim.Percentile);
        Assert.Equal(comparison, claim.Comparison);
        Assert.Equal(thresholdMs, claim.ThresholdMs, 9);
    }

    [Theory]
    [InlineData("ttft p95 > 50ms", "expected METRIC")]
    [InlineData("latency p95 < 50ms", "unknown metric 'latency'")]
    [InlineData("ttft p100 < 50ms", "between 0 and 100")]
    [InlineData("ttft p95 < 50 parsecs", "expected METRIC")]
    [InlineData("ttft p95 < 0ms", "positive")]
    public void Parse_RejectsBadClaimsWithAClearMessage(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => LatencyClaim.Parse(text));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsSatisfiedBy_DistinguishesStrictFromInclusive()
    {
        Assert.False(LatencyClaim.Parse("ttft p95 < 50ms").IsSatisfiedBy(50));
        Assert.True(LatencyClaim.Parse("ttft p95 <= 50ms").IsSatisfiedBy(50));
    }
}
