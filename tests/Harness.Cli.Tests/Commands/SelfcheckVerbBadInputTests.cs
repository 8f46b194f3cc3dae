namespace Harness.Cli.Tests.Commands;

/// <summary><c>selfcheck</c>: an option value it cannot take is one line naming the option, exit 2, before any stream.</summary>
public sealed class SelfcheckVerbBadInputTests
{
    [Theory]
    [InlineData("--mode", "sideways")]
    [InlineData("--mode", "")]
    [InlineData("--streams", "0")]
    [InlineData("--streams", "10001")]
    [InlineData("--streams", "-3")]
    [InlineData("--streams", "many")]
    public async Task BadOption_OneLineNamingIt_Exit2_NothingMeasured(string option, string value)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (code, output, error) = await CliRunner.RunAsync("selfcheck", option, value).WaitAsync(TimeSpan.FromSeconds(60));
        BadResultsDirectory.AssertOneLine(code, error, option);
        Assert.Equal(string.Empty, output);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}: it measured first");
    }
}
