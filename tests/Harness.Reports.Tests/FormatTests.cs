using Harness.Reports.Claims;

namespace Harness.Reports.Tests;

public sealed class FormatTests
{
    [Theory]
    [InlineData(9.5, "9.50")]
    [InlineData(9.999, "10.0")]   // chosen on the rounded value: was "10.00" beside "10.9"
    [InlineData(99.96, "100")]
    [InlineData(14.44, "14.4")]
    public void Ms_ThreeSignificantFigures_ChosenOnTheRoundedValue(double value, string expected) =>
        Assert.Equal(expected, Format.Ms(value));

    [Fact]
    public void MsAlike_OnePrecisionPerRow_TenthsOfAMillisecondUpToASecond()
    {
        // The answer's +0.26 ms between 100.863 and 100.607 must show in the table (was "101" and "101").
        Assert.Equal(["100.9", "101.5", "103.0"], Format.MsAlike(100.863, 101.5, 103));
        Assert.Equal(["100.6"], Format.MsAlike(100.607));
        Assert.Equal(["10.0", "10.9", "14.4"], Format.MsAlike(9.999, 10.9, 14.4));
        Assert.Equal(["9.80", "10.90", "14.40"], Format.MsAlike(9.8, 10.9, 14.4));
        Assert.Equal(["1082", "1090"], Format.MsAlike(1082.4, 1090));
        Assert.Equal(["–", "5.00"], Format.MsAlike(null, 5));
    }

    [Fact]
    public void ClaimFigures_InTheClaimsOwnUnit_ToThreeDecimals()
    {
        var latency = Verdict("ms") with { EstimateMs = 100.607, CiLowMs = 100.35, CiHighMs = 100.927 };
        Assert.Equal("100.607 ms", Format.ClaimEstimate(latency));
        Assert.Equal("[100.35, 100.927] ms", Format.ClaimInterval(latency));

        var errors = Verdict("%") with { Estimate = 0, CiLow = 0, CiHigh = 20.38829 };
        Assert.Equal("0%", Format.ClaimEstimate(errors));
        Assert.Equal("[0%, 20.388%]", Format.ClaimInterval(errors));

        var rate = Verdict("tokens/s") with { Estimate = 1950.5 };
        Assert.Equal("1,950.5 tokens/s", Format.ClaimEstimate(rate));
        Assert.Equal("–", Format.ClaimInterval(rate));
    }

    [Theory]
    [InlineData(0, "$0.00")]            // was "$0.000000"
    [InlineData(0.000042, "$0.000042")]
    [InlineData(0.33, "$0.33")]
    [InlineData(1234.5678, "$1,234.5678")]
    public void Money_CentsOrTheFirstFiguresBelowACent(double value, string expected) =>
        Assert.Equal(expected, Format.Money(value));

    private static ClaimVerdict Verdict(string unit) => new()
    {
        Claim = "c",
        Metric = "m",
        Percentile = 50,
        ThresholdMs = 1,
        Unit = unit,
        Transport = "sse",
        LoadPoint = "c5",
        Status = VerdictStatus.Inconclusive,
        Reason = "r",
    };
}
