using Harness.Cli.Commands;
using Harness.Clients;
using Harness.Clients.SelfCheck;

namespace Harness.Cli.Tests.Commands;

public sealed class SelfCheckTableTests
{
    private static readonly double[] s_small = [.. Enumerable.Repeat(0.1, 100)];

    [Fact]
    public void A_rows_line_says_what_both_sides_compiled_during_it()
    {
        var output = new StringWriter();
        var table = new SelfCheckTable(output);
        var result = new SelfCheckResult(Transport.WebSocket, 100, 100, 100, s_small, s_small, s_small, s_small, s_small, s_small, s_small);

        table.Row(result with { ClientJitMs = 12.4, FakeJitMs = 0.2 });
        table.Row(result);

        var rows = output.ToString().Split('\n').Where(l => l.Contains(" row ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, rows.Length);
        Assert.Contains("JIT during the row: client 12 ms, fake 0 ms", rows[0], StringComparison.Ordinal);
        Assert.EndsWith("met", rows[0].TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain("JIT", rows[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10, "10 streams in each 1-stream row, 100 in each 100-stream row")]
    [InlineData(100, "100 streams in each 1-stream row, 100 in each 100-stream row")]
    [InlineData(250, "250 streams in each 1-stream row, 300 in each 100-stream row")]
    public void The_preamble_says_what_each_row_measures(int streams, string said)
    {
        var output = new StringWriter();

        new SelfCheckTable(output).Preamble(streams);

        Assert.Contains(said, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_says_the_100_stream_rows_measure_whole_rounds_of_100()
    {
        var (code, output, _) = await CliRunner.RunAsync("selfcheck", "--help");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("the 100-stream rows measure whole rounds of 100", System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " "), StringComparison.Ordinal);
    }
}
