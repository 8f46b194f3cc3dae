namespace Harness.Cli.Tests;

/// <summary>An option value that does not parse is named by the option and the kind it takes, not a .NET type.</summary>
public sealed class ParseErrorTextTests
{
    [Theory]
    [InlineData("selfcheck --streams many", "harness: --streams: 'many' is not a whole number (up to 2147483647) (see 'harness selfcheck --help')")]
    [InlineData("stream --max-tokens lots", "harness: --max-tokens: 'lots' is not a whole number (up to 2147483647) (see 'harness stream --help')")]
    [InlineData("compare --max-requests 1e99", "harness: --max-requests: '1e99' is not a whole number (see 'harness compare --help')")]
    [InlineData("overhead --rate fast", "harness: --rate: 'fast' is not a number (see 'harness overhead --help')")]
    [InlineData("fake serve --port 99999999999", "harness: --port: '99999999999' is not a whole number (up to 2147483647) (see 'harness fake serve --help')")]
    [InlineData("sse parse --on-malformed bogus", "harness: --on-malformed: 'bogus' is not one of report, skip, fail (see 'harness sse parse --help')")]
    public async Task OptionValue_NotItsKind_SaidInTheOptionsTerms(string command, string said)
    {
        var (code, output, error) = await CliRunner.RunAsync(command.Split(' '));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal(said, error.Trim());
    }

    [Fact]
    public void OtherMessages_PassThrough()
    {
        Assert.Equal("Unrecognized command or argument 'yes'.", ParseErrorText.Describe("Unrecognized command or argument 'yes'."));
    }
}
