using System.Buffers.Binary;
using System.Text.Json;
using Harness.Reports.Charts;
using Harness.Reports.Cost;

namespace Harness.Reports.Tests;

public sealed class ReportWriterTests
{
    private static readonly Lazy<(string Dir, string Index)> s_report = new(() =>
    {
        string dir = new SyntheticResults().WriteToTemp();
        return (dir, ReportWriter.WriteAsync(dir).GetAwaiter().GetResult());
    });

    [Fact]
    public void WriteAsync_WritesEveryChartAsAPngOfTheDeclaredSize_AndAnSvg()
    {
        string charts = Path.Combine(s_report.Value.Dir, "charts");
        string[] expected = ["ttft-cdf", "itl-distribution", "e2e-ladder", "throughput", "errors", "connection-cost"];
        foreach (string id in expected)
        {
            var (width, height) = ReadPngSize(Path.Combine(charts, id + ".png"));
            Assert.Equal((ReportCharts.Width, ReportCharts.Height), (width, height));
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(charts, id + ".svg")), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Index_IsSelfContained_WithEveryChartEmbedded_AndBothTransportsSideBySide()
    {
        string html = File.ReadAllText(s_report.Value.Index);
        Assert.Equal(6, CountOf(html, "src=\"data:image/png;base64,"));
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Contains("SSE (HTTP/1.1)", html, StringComparison.Ordinal);
        Assert.Contains("WebSocket", html, StringComparison.Ordinal);
        Assert.Contains("Harness not saturated", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaturatedRun_IsFlaggedProminentlyEverywhere()
    {
        string dir = new SyntheticResults { Saturated = true, RequestsPerSeries = 50 }.WriteToTemp();
        string index = await ReportWriter.WriteAsync(dir);
        Assert.Contains($"class=\"banner bad\" id=\"saturation\">⚠ {ReportWriter.SaturatedWarning}", File.ReadAllText(index), StringComparison.Ordinal);
        Assert.Contains(ReportWriter.SaturatedWarning, File.ReadAllText(Path.Combine(dir, ReportWriter.MarkdownFile)), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, ReportWriter.JsonFile)));
        Assert.True(json.RootElement.GetProperty("saturation").GetProperty("saturated").GetBoolean());
        Assert.StartsWith(ReportWriter.SaturatedWarning, json.RootElement.GetProperty("saturationWarning").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOlderRunsTargetWithASignature_IsShownRedacted()
    {
        string dir = new SyntheticResults { RequestsPerSeries = 20, Transports = ["sse"], Concurrencies = [1], Target = "https://gw.example.com/v1?api-version=1&sig=s1g-9f8e7d6c" }.WriteToTemp();
        string index = await ReportWriter.WriteAsync(dir);
        foreach (string file in new[] { index, Path.Combine(dir, ReportWriter.MarkdownFile), Path.Combine(dir, ReportWriter.JsonFile) })
        {
            string text = File.ReadAllText(file);
            Assert.DoesNotContain("s1g-9f8e7d6c", text, StringComparison.Ordinal);
            Assert.Contains("sig=[redacted]", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PriceTable_PutsCostPerRunAndPerMillionTokensIntoTheSummaries()
    {
        string dir = new SyntheticResults { RequestsPerSeries = 50 }.WriteToTemp();
        var prices = new PriceTable(new Dictionary<string, ModelPrice> { ["fake/*"] = new() { InputPerMillion = 0, OutputPerMillion = 8 } });
        await ReportWriter.WriteAsync(dir, new ReportOptions { Prices = prices });
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, ReportWriter.JsonFile)));
        long tokens = json.RootElement.GetProperty("outputTokens").GetInt64();
        Assert.Equal(9 * 50 * 50, tokens);
        var cost = json.RootElement.GetProperty("cost");
        Assert.Equal(tokens / 1e6 * 8, cost.GetProperty("totalCost").GetDouble(), 12);
        Assert.Equal(8.0, cost.GetProperty("costPerMillionTokens").GetDouble(), 12);
        string md = File.ReadAllText(Path.Combine(dir, ReportWriter.MarkdownFile));
        Assert.Contains("$8.00 per million tokens", md, StringComparison.Ordinal);
    }

    [Fact]
    public void MarkdownSummary_HasOneRowPerSeries()
    {
        string md = File.ReadAllText(Path.Combine(s_report.Value.Dir, ReportWriter.MarkdownFile));
        Assert.Equal(3, CountOf(md, "| **ws** |"));
        Assert.Equal(3, CountOf(md, "| **sse** |"));
        Assert.Contains("Errors by outcome: timeout", md, StringComparison.Ordinal);
    }

    [Fact]
    public void MarkdownSummary_LinksEveryChart_ByItsPathRelativeToTheSummary()
    {
        string md = File.ReadAllText(Path.Combine(s_report.Value.Dir, ReportWriter.MarkdownFile));
        foreach (string id in new[] { "ttft-cdf", "itl-distribution", "e2e-ladder", "throughput", "errors", "connection-cost" })
        {
            Assert.Contains($"[{id}](charts/{id}.png) ([svg](charts/{id}.svg))", md, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(s_report.Value.Dir, "charts", id + ".png")));
        }
    }

    [Fact]
    public void MarkdownSummary_SaysOnHowManyRequests_AMetricMeasuredOnFewerWasTaken()
    {
        // The synthetic run opens a connection for its first `concurrency` requests only.
        string md = File.ReadAllText(Path.Combine(s_report.Value.Dir, ReportWriter.MarkdownFile));
        string row = md.Split('\n').Single(l => l.StartsWith("| **sse** | c10 |", StringComparison.Ordinal));
        string connect = row.Split(" | ")[3];

        Assert.EndsWith(" (n 10)", connect, StringComparison.Ordinal);
        Assert.DoesNotContain("(n ", row.Split(" | ")[6], StringComparison.Ordinal); // itl: every request's gaps, more samples than requests
    }

    [Fact]
    public async Task ClaimsTables_GiveEachClaimsFiguresInItsOwnUnit_AndWhy()
    {
        string dir = new SyntheticResults { RequestsPerSeries = 20, Transports = ["sse"], Concurrencies = [1] }.WriteToTemp();
        Harness.Reports.Claims.VerdictFile.Write(dir, new Harness.Reports.Claims.VerdictFile
        {
            Overall = Harness.Reports.Claims.VerdictStatus.Inconclusive,
            Verdicts =
            [
                new() { Claim = "errors < 1%", Metric = "errors", Percentile = 0, ThresholdMs = 1, Unit = "%", Estimate = 0, CiLow = 0, CiHigh = 20.388, SampleSize = 15, Transport = "sse", LoadPoint = "c1", Status = Harness.Reports.Claims.VerdictStatus.Inconclusive, Reason = "the interval straddles 1%" },
                new() { Claim = "ttft p50 < 101ms", Metric = "ttft", Percentile = 50, ThresholdMs = 101, EstimateMs = 100.607, CiLowMs = 100.35, CiHighMs = 100.927, SampleSize = 15, Transport = "sse", LoadPoint = "c1", Status = Harness.Reports.Claims.VerdictStatus.Met, Reason = "the whole interval is < 101 ms" },
            ],
        });
        string index = await ReportWriter.WriteAsync(dir);
        string md = File.ReadAllText(Path.Combine(dir, ReportWriter.MarkdownFile));
        string html = File.ReadAllText(index);

        Assert.Contains("| estimate | 95% CI | n | why |", md, StringComparison.Ordinal);
        Assert.Contains("| 0% | [0%, 20.388%] | 15 | the interval straddles 1% |", md, StringComparison.Ordinal);
        Assert.Contains("| 100.607 ms | [100.35, 100.927] ms | 15 | the whole interval is < 101 ms |", md, StringComparison.Ordinal);
        Assert.DoesNotContain("(ms)</th>", html, StringComparison.Ordinal);
        Assert.Contains("<td>[0%, 20.388%]</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summaries_SayWhereTokenCountsCameFrom_AndReportUsageMismatches()
    {
        string dir = new SyntheticResults { RequestsPerSeries = 20 }.WriteToTemp();
        string path = Path.Combine(dir, Harness.Load.Results.ResultsDirectory.ResultsFile);
        var results = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        var series = results["series"]!.AsArray();
        var accounting = new Harness.Load.Results.OutputTokenAccounting
        {
            Tokenizer = "o200k_base", FromUsage = 20, Compared = 20, Mismatched = 3, UsageTokens = 1000, CountedTokens = 1010, MeanRelativeDifference = 0.01, MaxRelativeDifference = 0.05,
        };
        series[0]!["tokenAccounting"] = JsonSerializer.SerializeToNode(accounting, Harness.Load.Results.ResultsDirectory.JsonOptions);
        series[1]!["tokenAccounting"] = JsonSerializer.SerializeToNode(accounting with { FromUsage = 0, Counted = 20, Compared = 0, Mismatched = 0, UsageTokens = 0, CountedTokens = 0, MeanRelativeDifference = 0, MaxRelativeDifference = 0 }, Harness.Load.Results.ResultsDirectory.JsonOptions);
        File.WriteAllText(path, results.ToJsonString());

        string index = await ReportWriter.WriteAsync(dir);
        string md = File.ReadAllText(Path.Combine(dir, ReportWriter.MarkdownFile));
        Assert.Contains("the server's usage differs from the tokenizer's count of the streamed text in some requests", md, StringComparison.Ordinal);
        Assert.Contains("3 of 20 differ (mean 1%, max 5%; usage 1,000 vs counted 1,010)", md, StringComparison.Ordinal);
        Assert.Contains(": usage 20", md, StringComparison.Ordinal);
        Assert.Contains(": counted by o200k_base 20", md, StringComparison.Ordinal);
        Assert.Contains("3 of 20 differ", File.ReadAllText(index), StringComparison.Ordinal);

        // Usage that agrees everywhere is said to agree, not flagged.
        series[0]!["tokenAccounting"] = JsonSerializer.SerializeToNode(accounting with { Mismatched = 0, CountedTokens = 1000, MeanRelativeDifference = 0, MaxRelativeDifference = 0 }, Harness.Load.Results.ResultsDirectory.JsonOptions);
        File.WriteAllText(path, results.ToJsonString());
        await ReportWriter.WriteAsync(dir);
        md = File.ReadAllText(Path.Combine(dir, ReportWriter.MarkdownFile));
        Assert.Contains("the server's usage equals the tokenizer's count of the streamed text in every request", md, StringComparison.Ordinal);
        Assert.Contains("none of 20 differ", md, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotAResultsDirectory_IsAClearError()
    {
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => ReportWriter.WriteAsync(Path.GetTempPath()));
        Assert.Contains("not a results directory", ex.Message, StringComparison.Ordinal);
    }

    internal static (int Width, int Height) ReadPngSize(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.True(bytes.Length > 33 && bytes.AsSpan(0, 8).SequenceEqual(signature), $"{path} is not a PNG");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return ((int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(16)), (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(20)));
    }

    private static int CountOf(string text, string value)
    {
        int count = 0;
        for (int i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
