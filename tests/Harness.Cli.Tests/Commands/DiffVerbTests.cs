using System.Text.Json;
using Harness.Core.Schedule;
using Harness.Fakes;

namespace Harness.Cli.Tests.Commands;

/// <summary>
/// <c>diff</c> end to end: real runs against fake servers with a known first-token time, then the
/// gate on them. Serial with <see cref="CompareVerbTests"/>: runs compared with each other must not
/// share the machine with a third. Each series in one block (<c>--rounds 1</c>): diff compares runs,
/// not transports within one, and a warm-up and drain per round would only lengthen the test.
/// </summary>
[Collection(nameof(CompareVerbTests))]
public sealed class DiffVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("diff-verb-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<string> RunAgainstAsync(FakeServer fake, string name, string duration = "3s")
    {
        string outDir = Path.Combine(_dir, name);
        var (code, _, error) = await CliRunner.RunAsync(
            "compare", "--ws-url", fake.WebSocketUrl.ToString(), "--url", fake.HttpBaseUrl.ToString(), "--model", "fake", "--transports", "sse,ws",
            "--concurrency", "8", "--duration", duration, "--warmup", "1s", "--rounds", "1", "--no-report", "--out", outDir);
        Assert.True(code == 0, error);
        return outDir;
    }

    [Fact]
    public async Task Ttft100Then120_DiffSaysPlus20ms_AndExits1At5ms_SameScheduleTwice_Exits0()
    {
        string a, b, slower;
        await using (var fake = await FakeServer.StartAsync(new FakeServerOptions { Schedule = TokenSchedule.Parse("ttft=100,itl=5,tokens=10,jitter=10") }))
        {
            // Unmeasured: a run against a URL gets no JIT priming, so the first one in a process would carry it.
            await RunAgainstAsync(fake, "priming", "1s");
            a = await RunAgainstAsync(fake, "a");
            b = await RunAgainstAsync(fake, "b");
        }

        await using (var fake = await FakeServer.StartAsync(new FakeServerOptions { Schedule = TokenSchedule.Parse("ttft=120,itl=5,tokens=10,jitter=10") }))
        {
            slower = await RunAgainstAsync(fake, "slower");
        }

        string failedXml = Path.Combine(_dir, "failed.xml"), passedXml = Path.Combine(_dir, "passed.xml");
        var (code, output, error) = await CliRunner.RunAsync("diff", a, slower, "--max-regression", "5ms", "--metrics", "ttft", "--percentiles", "50", "--json", "--junit", failedXml);
        Assert.True(code == 1, $"exit {code}: {error}{output}");
        using (var json = JsonDocument.Parse(output))
        {
            Assert.Equal("not_met", json.RootElement.GetProperty("overall").GetString());
            var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(2, rows.Count);
            Assert.All(rows, r =>
            {
                Assert.Equal("regressed", r.GetProperty("status").GetString());
                // The true shift is 20 ms; jitter=10 spreads each run's medians, so the interval is
                // what must hold it (with 1 ms for the fake's own lateness on a busy machine).
                Assert.InRange(r.GetProperty("differenceMs").GetDouble(), 12, 28);
                Assert.InRange(20, r.GetProperty("ciLowMs").GetDouble() - 1, r.GetProperty("ciHighMs").GetDouble() + 1);
                Assert.Equal("not_met", r.GetProperty("gate").GetString());
            });
        }

        // JUnit: a case per series × metric × percentile; a regression past the limit is a failure.
        var failed = Harness.Reports.Tests.JUnit.JUnitFile.Cases(Harness.Reports.Tests.JUnit.JUnitFile.Validate(failedXml));
        // Beside each series' percentiles, its failed share: none failed either run, so that case passes.
        var latency = failed.Where(c => c.Attribute("name")!.Value != "failed share").ToList();
        Assert.Equal(["diff.sse.c8", "diff.ws.c8"], latency.Select(c => c.Attribute("classname")!.Value).Order());
        Assert.All(latency, c => Assert.Equal("ttft p50", c.Attribute("name")!.Value));
        Assert.All(latency, c => Assert.NotNull(c.Element("failure")));
        var shares = failed.Where(c => c.Attribute("name")!.Value == "failed share").ToList();
        Assert.Equal(["diff.sse.c8", "diff.ws.c8"], shares.Select(c => c.Attribute("classname")!.Value).Order());
        Assert.All(shares, c => Assert.Empty(c.Elements()));

        var same = await CliRunner.RunAsync("diff", a, b, "--metrics", "ttft", "--percentiles", "50", "--junit", passedXml);
        Assert.True(same.ExitCode == 0, $"exit {same.ExitCode}: {same.Error}{same.Out}");
        Assert.Contains("| ttft | p50 |", same.Out, StringComparison.Ordinal);
        Assert.True(same.Out.Split("| ✅ within limit |").Length - 1 == 4, same.Out); // two ttft p50 rows, two failed-share rows

        // Not "no detectable difference" as well: the fake draws each request's jitter by its index,
        // so the two runs are independent samples, and a 95% interval leaves out 0 for one row in
        // twenty of them (seen: +2.69 ms [+0.13, +4.42] on a quiet machine). The gate, above, is
        // what two runs of one schedule must agree on.
        var passed = Harness.Reports.Tests.JUnit.JUnitFile.Cases(Harness.Reports.Tests.JUnit.JUnitFile.Validate(passedXml));
        Assert.Equal(4, passed.Count);
        Assert.All(passed, c => Assert.Empty(c.Elements()));
    }

    [Fact]
    public async Task DifferentSchedules_Refused_Exit2_AllowMismatchComparesAnyway()
    {
        string a = Path.Combine(_dir, "a"), b = Path.Combine(_dir, "b");
        string[] run = ["compare", "--transports", "ws", "--concurrency", "4", "--duration", "2s", "--warmup", "1s", "--rounds", "1", "--no-report"];
        Assert.Equal(0, (await CliRunner.RunAsync([.. run, "--schedule", "ttft=50,itl=5,tokens=5", "--out", a])).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync([.. run, "--schedule", "ttft=100,itl=5,tokens=5", "--out", b])).ExitCode);

        var refused = await CliRunner.RunAsync("diff", a, b);
        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        Assert.Contains("schedule: 'ttft=50", refused.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, refused.Out);
        Assert.Contains("(--allow-mismatch compares them anyway)", refused.Error, StringComparison.Ordinal);

        // --force replaces output files; it does not make mismatched runs comparable.
        var forceOnly = await CliRunner.RunAsync("diff", a, b, "--force");
        Assert.Equal(ExitCodes.Usage, forceOnly.ExitCode);
        Assert.Contains("(--allow-mismatch compares them anyway; --force only replaces --chart and --junit files)", forceOnly.Error, StringComparison.Ordinal);

        string png = Path.Combine(_dir, "diff.png");
        var forced = await CliRunner.RunAsync("diff", a, b, "--allow-mismatch", "--metrics", "ttft", "--percentiles", "50,90", "--max-regression", "5ms", "--chart", png);
        Assert.True(forced.ExitCode == ExitCodes.Failed, $"exit {forced.ExitCode}: {forced.Out}");
        Assert.Contains("regressed", forced.Out, StringComparison.Ordinal);
        byte[] header = File.ReadAllBytes(png)[..24];
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], header[..4]);
        Assert.Equal(960, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16, 4)));
    }

    [Theory]
    [InlineData("--max-regression", "ten")]
    [InlineData("--metrics", "ttft,latency")]
    [InlineData("--percentiles", "50,100")]
    [InlineData("--percentiles", "99,p99")]
    public async Task BadOption_OneLine_Exit2(string option, string value)
    {
        string a = Path.Combine(_dir, "x");
        Directory.CreateDirectory(a);
        File.WriteAllText(Path.Combine(a, "results.json"), "{\"name\":\"x\"}");

        var (code, output, error) = await CliRunner.RunAsync("diff", a, a, option, value);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(string.Empty, output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(option, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotAResultsDirectory_OneLine_Exit2()
    {
        var (code, _, error) = await CliRunner.RunAsync("diff", _dir, _dir);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("not a results directory (no results.json)", error, StringComparison.Ordinal);
    }
}
