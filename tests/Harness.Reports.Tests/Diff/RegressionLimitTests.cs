using Harness.Reports.Diff;

namespace Harness.Reports.Tests.Diff;

public sealed class RegressionLimitTests
{
    [Theory]
    [InlineData("10%", 100, 10)]
    [InlineData("5ms", 100, 5)]
    [InlineData("5", 1000, 5)]
    [InlineData("0.5s", 10, 500)]
    [InlineData("500us", 10, 0.5)]
    [InlineData(" 2.5 % ", 200, 5)]
    public void Parse_GivesTheLimitInMs(string text, double baselineMs, double expectedMs) =>
        Assert.Equal(expectedMs, RegressionLimit.Parse(text).LimitMs(baselineMs), 9);

    // A baseline percentile among failed requests (+∞): any share of it is unbounded, 0% included
    // (0 × ∞ is NaN, which no interval is within); a time stays that time.
    [Theory]
    [InlineData("0%", double.PositiveInfinity)]
    [InlineData("10%", double.PositiveInfinity)]
    [InlineData("0ms", 0)]
    [InlineData("5ms", 5)]
    public void LimitMs_OfAFailedBaseline_IsUnboundedForAShare_AndTheTimeForATime(string text, double expectedMs) =>
        Assert.Equal(expectedMs, RegressionLimit.Parse(text).LimitMs(double.PositiveInfinity));

    [Theory]
    [InlineData("5", "5 ms")]
    [InlineData("5ms", "5ms")]
    [InlineData("10%", "10%")]
    public void Text_NamesTheUnit_EvenWhenNoneWasWritten(string text, string shown) =>
        Assert.Equal(shown, RegressionLimit.Parse(text).Text);

    [Theory]
    [InlineData("")]
    [InlineData("-5ms")]
    [InlineData("ten%")]
    [InlineData("5 minutes")]
    public void Parse_Bad_NamesTheFlag(string text)
    {
        var ex = Assert.Throws<FormatException>(() => RegressionLimit.Parse(text));
        Assert.Contains("--max-regression", ex.Message, StringComparison.Ordinal);
    }
}
