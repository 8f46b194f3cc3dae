namespace Harness.Core.Tests;

public class DurationTextTests
{
    [Theory]
    [InlineData("30s", 30_000.0)]
    [InlineData("500ms", 500.0)]
    [InlineData("2m", 120_000.0)]
    [InlineData("1h", 3_600_000.0)]
    [InlineData(" 1.5 ", 1_500.0)]
    [InlineData("0", 0.0)]
    public void Parse_ReadsSuffixes_AndBareSeconds(string text, double ms) =>
        Assert.Equal(ms, DurationText.Parse(text).TotalMilliseconds);

    [Theory]
    [InlineData("20", 20.0)]
    [InlineData("0.1", 0.1)]
    [InlineData("1.5s", 1_500.0)]
    public void Parse_BareNumber_CountsTheCallersUnit(string text, double ms) =>
        Assert.Equal(ms, DurationText.Parse(text, TimeSpan.FromMilliseconds(1)).TotalMilliseconds);

    [Theory]
    [InlineData("")]
    [InlineData("fast")]
    [InlineData("-1s")]
    [InlineData("NaN")]
    [InlineData("8d")]
    [InlineData("169h")]
    public void Parse_Rejects_WithOneLine(string text)
    {
        var ex = Assert.Throws<FormatException>(() => DurationText.Parse(text));
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData("30s")]
    [InlineData("250ms")]
    [InlineData("1.5ms")]
    [InlineData("0s")]
    public void Format_RoundTrips(string text) =>
        Assert.Equal(DurationText.Parse(text), DurationText.Parse(DurationText.Format(DurationText.Parse(text))));

    /// <summary>Durations in messages read as the user writes them ("0s", "1s"), not as TimeSpan's "00:00:00".</summary>
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(1000, "1s")]
    [InlineData(250, "250ms")]
    public void Format_IsHowTheUserWritesIt(int ms, string text) =>
        Assert.Equal(text, DurationText.Format(TimeSpan.FromMilliseconds(ms)));
}
