using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Clients;
using Harness.Load.Overhead;
using Harness.Load.Results;
using Harness.Reports;
using Harness.Reports.Claims;
using Harness.Reports.Overhead;

namespace Harness.Reports.Tests.Claims;

/// <summary>
/// A verdict's JSON carries the figures its claim uses: <c>estimateMs</c>/<c>ciLowMs</c>/<c>ciHighMs</c>
/// for a latency claim, <c>estimate</c>/<c>ciLow</c>/<c>ciHigh</c> for a share or rate, never the other
/// set as nulls. Files written before, with both sets, still read the same.
/// </summary>
public sealed class ClaimVerdictJsonTests : IDisposable
{
    private static readonly string[] s_shareFields = ["estimate", "ciLow", "ciHigh"];
    private static readonly string[] s_latencyFields = ["estimateMs", "ciLowMs", "ciHighMs"];

    private readonly string _dir = Directory.CreateTempSubdirectory("verdict-json-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ClaimVerdict Latency() => new()
    {
        Claim = "ttft p95 < 50ms", Metric = "ttft", Percentile = 95, ThresholdMs = 50, Transport = "sse", LoadPoint = "c1",
        Status = VerdictStatus.Met, Reason = "r", EstimateMs = 12.5, CiLowMs = 11, CiHighMs = 14,
    };

    private static ClaimVerdict Share() => new()
    {
        Claim = "errors < 1%", Metric = "errors", Percentile = 0, ThresholdMs = 1, Unit = "%", Transport = "sse", LoadPoint = "c1",
        Status = VerdictStatus.Met, Reason = "r", Estimate = 0.2, CiLow = 0.1, CiHigh = 0.6,
    };

    [Fact]
    public void EachVerdict_CarriesOnlyItsOwnSetOfFigures()
    {
        var latency = JsonNode.Parse(JsonSerializer.Serialize(Latency(), ResultsDirectory.JsonOptions))!.AsObject();
        Assert.All(s_latencyFields, f => Assert.True(latency.ContainsKey(f), f));
        Assert.All(s_shareFields, f => Assert.False(latency.ContainsKey(f), f));

        var share = JsonNode.Parse(JsonSerializer.Serialize(Share(), ResultsDirectory.JsonOptions))!.AsObject();
        Assert.All(s_shareFields, f => Assert.True(share.ContainsKey(f), f));
        Assert.All(s_latencyFields, f => Assert.False(share.ContainsKey(f), f));
    }

    [Fact]
    public void VerdictsFile_OldWithNullsAndNewWithout_ReadTheSame()
    {
        var file = new VerdictFile { Overall = VerdictStatus.Met, Method = "m", Verdicts = [Latency(), Share()] };
        string fresh = Directory.CreateDirectory(Path.Combine(_dir, "new")).FullName;
        VerdictFile.Write(fresh, file);
        string old = Directory.CreateDirectory(Path.Combine(_dir, "old")).FullName;
        File.WriteAllText(Path.Combine(old, VerdictFile.FileName), WithNulls(File.ReadAllText(Path.Combine(fresh, VerdictFile.FileName)), "verdicts"));

        foreach (string dir in new[] { fresh, old })
        {
            var read = VerdictFile.Read(dir)!;
            Assert.Equal(file.Verdicts, read.Verdicts);
        }
    }

    [Fact]
    public void OverheadJson_OldWithNulls_StillReadsForFrom_AndIsWrittenWithoutThem()
    {
        var samples = new OverheadSamples(Transport.Sse, "c2", cold: false);
        for (int i = 0; i < 40; i++)
        {
            samples.Record(SyntheticTimeline.Ok(100 + (i % 9), 10, 4), SyntheticTimeline.Ok(110 + (i % 9), 10, 4), i % 2 == 0);
        }

        var report = OverheadAnalysis.Analyse(samples, new OverheadOptions { Direct = "d", Via = "v", Claims = [LatencyClaim.Parse("ttft p50 < 50ms")] });
        OverheadDirectory.Write(_dir, samples, report);
        string path = Path.Combine(_dir, OverheadDirectory.ReportFile);
        var claim = JsonNode.Parse(File.ReadAllText(path))!["claims"]![0]!.AsObject();
        Assert.All(s_shareFields, f => Assert.False(claim.ContainsKey(f), f));
        Assert.True(claim.ContainsKey("estimateMs"));

        File.WriteAllText(path, WithNulls(File.ReadAllText(path), "claims"));
        var (_, saved) = OverheadDirectory.Read(_dir);
        Assert.Equal(report.Claims, saved.Claims);
    }

    [Fact]
    public void AnIntervalReachingFailedRequests_IsUnbounded_InTheVerdict_ItsFile_AndItsTable()
    {
        // 4 of 500 requests failed: p99 (rank 495) is a success, but resamples with a few more
        // failures put it among them, so the interval's top is +∞, not absent.
        var histograms = new HistogramSet();
        var ttft = histograms.Get("sse", "c4", "ttft");
        for (int i = 0; i < 496; i++)
        {
            HistogramSet.Record(ttft, TimeSpan.FromMilliseconds(100 + (i % 7)));
        }

        var series = new SeriesResult { Transport = "sse", LoadPoint = "c4", Requests = 500, Outcomes = new() { ["ok"] = 496, ["http_error"] = 4 } };
        var verdict = ClaimVerifier.Verify(new RunResults { Name = "r", Series = [series] }, histograms, LatencyClaim.Parse("ttft p99 < 150ms")).Single();
        Assert.True(double.IsFinite(verdict.EstimateMs!.Value), $"{verdict.EstimateMs}");
        Assert.Equal(double.PositiveInfinity, verdict.CiHighMs);

        VerdictFile.Write(_dir, new VerdictFile { Overall = verdict.Status, Method = "m", Verdicts = [verdict] });
        Assert.Contains("\"ciHighMs\": \"Infinity\"", File.ReadAllText(Path.Combine(_dir, VerdictFile.FileName)), StringComparison.Ordinal);
        Assert.Equal(double.PositiveInfinity, VerdictFile.Read(_dir)!.Verdicts.Single().CiHighMs);
        Assert.EndsWith(", ∞] ms", Format.ClaimInterval(verdict), StringComparison.Ordinal);
    }

    /// <summary><paramref name="json"/> with every entry of <paramref name="list"/> holding both sets, the missing one as nulls (the files written before).</summary>
    private static string WithNulls(string json, string list)
    {
        var root = JsonNode.Parse(json)!;
        foreach (var verdict in root[list]!.AsArray())
        {
            foreach (string field in s_shareFields.Concat(s_latencyFields))
            {
                if (!verdict!.AsObject().ContainsKey(field))
                {
                    verdict.AsObject()[field] = null;
                }
            }
        }

        string text = root.ToJsonString();
        Assert.Contains("\"estimate\":null", text, StringComparison.Ordinal);
        return text;
    }
}
