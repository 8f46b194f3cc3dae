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
}
