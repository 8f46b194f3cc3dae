using Harness.Load.Results;
using Harness.Load.Tests.Results;

namespace Harness.Load.Tests;

/// <summary>
/// <c>merge</c> reads and checks every input before writing, and refuses runs that are not parts
/// of one run, saying which directory differs and how; nothing is written when it refuses.
/// </summary>
public sealed class ResultsMergerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("harness-merger-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Dir(string name) => Path.Combine(_root, name);

    private void AssertRefused<T>(string[] dirs, params string[] said)
        where T : Exception
    {
        string output = Dir("merged");
        var ex = Assert.Throws<T>(() => ResultsMerger.Merge(dirs, output));
        foreach (string text in said)
        {
            Assert.Contains(text, ex.Message, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(Path.Combine(output, ResultsDirectory.ResultsFile)), "a refused merge wrote results");
    }

    [Fact]
    public void Merge_TwoAgentsOfOneRun_AddsCounts()
    {
        string a = ResultsFixture.Write(Dir("a"), agent: "1/2");
        string b = ResultsFixture.Write(Dir("b"), agent: "2/2");
        var merged = ResultsMerger.Merge([a, b], Dir("merged"));
        Assert.Equal(80, merged.Series[0].Requests);
        Assert.False(merged.Partial);
        var (reread, histograms) = ResultsDirectory.Read(Dir("merged"));
        Assert.Equal(80, histograms.Find(HistogramSet.TagOf("sse", "c2", MetricNames.Ttft))!.TotalCount);
        Assert.Equal(["1/2", "2/2"], reread.Agents);
    }

    [Theory]
    [InlineData(0, 2, 2, null)]                 // side by side
    [InlineData(0.1, 2, 2, null)]               // 95 % together: agents started by hand a moment apart
    [InlineData(0.5, 2, 2, "only 75%")]
    [InlineData(0, 10, 2, null)]                // the short agent ran wholly inside the long one
    [InlineData(2, 2, 2, "one after another")]  // b began as a ended
    [InlineData(5, 2, 2, "one after another")]
    public void Merge_AgentsMeasuredApart_RefusedOrWarned(double bStartsAfter, double aSeconds, double bSeconds, string? said)
    {
        var at = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
        string a = ResultsFixture.Write(Dir("a"), agent: "1/2", measuredFrom: at, measuredSeconds: aSeconds);
        string b = ResultsFixture.Write(Dir("b"), agent: "2/2", measuredFrom: at.AddSeconds(bStartsAfter), measuredSeconds: bSeconds);
        if (said == "one after another")
        {
            AssertRefused<MergeRefusedException>([a, b], b + ": measured from 12:00:0", "agents that ran one after another never put their loads together");
            return;
        }

        var warnings = new List<string>();
        ResultsMerger.Merge([a, b], Dir("merged"), warnings.Add);
        if (said is null)
        {
            Assert.Empty(warnings);
        }
        else
        {
            Assert.Contains(said, Assert.Single(warnings), StringComparison.Ordinal);
        }
    }

    /// <summary>An agent's lost CSV left its rows out of the merged one without a word (a later verify said "from the 25 of 50").</summary>
    [Fact]
    public void Merge_AnAgentWithoutItsCsvs_IsMerged_WithAWarningNamingThem()
    {
        string a = ResultsFixture.Write(Dir("a"), agent: "1/2");
        string b = ResultsFixture.Write(Dir("b"), agent: "2/2");
        File.Delete(Path.Combine(b, ResultsDirectory.RequestsFile));
        File.Delete(Path.Combine(b, ResultsDirectory.TimeSeriesFile));
        var warnings = new List<string>();

        var merged = ResultsMerger.Merge([a, b], Dir("merged"), warnings.Add);

        Assert.Equal(80, merged.Series[0].Requests);
        Assert.Equal($"{b} has no requests.csv or timeseries.csv: the merged requests.csv and timeseries.csv hold the other agents' rows only (its counts and histograms are merged)", Assert.Single(warnings));

        warnings.Clear();
        ResultsMerger.Merge([a, ResultsFixture.Write(Dir("c"), agent: "2/2")], Dir("merged2"), warnings.Add);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Merge_OneOfTwoAgents_MarkedPartial_AndSaysWhichIsMissing()
    {
        var warnings = new List<string>();
        var merged = ResultsMerger.Merge([ResultsFixture.Write(Dir("a"), agent: "2/3")], Dir("merged"), warnings.Add);
        Assert.True(merged.Partial);
        Assert.Equal("agents 1/3, 3/3 not merged: the merged run holds part of the load and is marked partial", Assert.Single(warnings));
    }

    [Fact]
    public void Merge_SameDirectoryTwice_Refused() =>
        AssertRefused<MergeRefusedException>([ResultsFixture.Write(Dir("a")), Dir("a") + "/"], "given twice");

    [Fact]
    public void Merge_CopiedRun_RefusedByRunId()
    {
        string a = ResultsFixture.Write(Dir("a"), agent: "1/2");
        string copy = Dir("copy");
        Directory.CreateDirectory(copy);
        foreach (string file in Directory.GetFiles(a))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        // Another agent id, same run id: still the same run.
        string json = File.ReadAllText(Path.Combine(copy, ResultsDirectory.ResultsFile)).Replace("\"1/2\"", "\"2/2\"", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(copy, ResultsDirectory.ResultsFile), json);
        AssertRefused<MergeRefusedException>([a, copy], "same run", "run id");
    }

    [Fact]
    public void Merge_DuplicatedAgent_Refused() =>
        AssertRefused<MergeRefusedException>([ResultsFixture.Write(Dir("a"), agent: "1/2"), ResultsFixture.Write(Dir("b"), agent: "1/2")], "agent 1/2", "twice");

    [Fact]
    public void Merge_DifferentAgentCounts_Refused() =>
        AssertRefused<MergeRefusedException>([ResultsFixture.Write(Dir("a"), agent: "1/2"), ResultsFixture.Write(Dir("b"), agent: "2/3")], "one of 3");

    [Fact]
    public void Merge_DifferentSchedules_Refused() =>
        AssertRefused<MergeRefusedException>(
            [ResultsFixture.Write(Dir("a"), agent: "1/2"), ResultsFixture.Write(Dir("b"), agent: "2/2", schedule: "ttft=50,itl=20,tokens=50")],
            "schedule", "ttft=50", Dir("b"));

    [Fact]
    public void Merge_DifferentModels_Refused() =>
        AssertRefused<MergeRefusedException>([ResultsFixture.Write(Dir("a"), agent: "1/2"), ResultsFixture.Write(Dir("b"), agent: "2/2", model: "gpt-x")], "model");

    [Fact]
    public void Merge_DifferentTransports_Refused() =>
        AssertRefused<MergeRefusedException>([ResultsFixture.Write(Dir("a"), agent: "1/2"), ResultsFixture.Write(Dir("b"), agent: "2/2", transports: ["sse"])], "series");

    [Fact]
    public void Merge_EmptyHistogramLog_RefusedNamingIt()
    {
        string b = ResultsFixture.Write(Dir("b"), agent: "2/2");
        File.WriteAllText(Path.Combine(b, ResultsDirectory.HistogramsFile), string.Empty);
        AssertRefused<InvalidDataException>([ResultsFixture.Write(Dir("a"), agent: "1/2"), b], ResultsDirectory.HistogramsFile, "holds 0 values");
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"name\":\"x\",\"series\":[null]}")]
    [InlineData("{\"name\":\"x\",\"series\":[{\"transport\":\"\",\"loadPoint\":\"c1\"}]}")]
    public void Merge_BadResultsJson_RefusedNamingIt(string json)
    {
        string b = ResultsFixture.Write(Dir("b"), agent: "2/2");
        File.WriteAllText(Path.Combine(b, ResultsDirectory.ResultsFile), json);
        AssertRefused<InvalidDataException>([ResultsFixture.Write(Dir("a"), agent: "1/2"), b], Path.Combine(b, ResultsDirectory.ResultsFile));
    }

    [Fact]
    public void Merge_BadTimeSeriesRow_RefusedNamingFileAndLine()
    {
        string b = ResultsFixture.Write(Dir("b"), agent: "2/2");
        File.AppendAllText(Path.Combine(b, ResultsDirectory.TimeSeriesFile), "1,sse,c2,x\n");
        AssertRefused<InvalidDataException>([ResultsFixture.Write(Dir("a"), agent: "1/2"), b], ResultsDirectory.TimeSeriesFile + ":4");
    }

    [Fact]
    public void Merge_AgentsFakeLateness_KeepsTheWorstAgentsAndItsStall()
    {
        // Agent 2's fake stalled (p99.9 past the 5 ms threshold): the merged series must still say so.
        string a = ResultsFixture.Write(Dir("a"), agent: "1/2", edit: s => s with { FakeLateness = new ServerLateness { Events = 100, P50Ms = 0.5, P99Ms = 3.7, P999Ms = 4, MaxMs = 4.5 } });
        string b = ResultsFixture.Write(Dir("b"), agent: "2/2", edit: s => s with { FakeLateness = new ServerLateness { Events = 100, P50Ms = 0.4, P99Ms = 9, P999Ms = 40, MaxMs = 60 } });
        ResultsMerger.Merge([a, b], Dir("merged"));
        var (merged, _) = ResultsDirectory.Read(Dir("merged"));
        var late = Assert.IsType<ServerLateness>(merged.Series[0].FakeLateness);
        Assert.Equal((9, 40, 60, 200L), (late.P99Ms, late.P999Ms, late.MaxMs, late.Events));
        Assert.True(late.IsStall(merged.Saturation.ThresholdMs));
        Assert.Equal(9, merged.Series[0].Resolution.FakeLateP99Ms);
    }

    [Fact]
    public void Merge_AgentsLag_KeepsTheWorstAgentsBoundAndSaturation()
    {
        // 400 probes at 1 ms and 2 at 8 ms pool to a p99 of 1 ms; agent 2 alone was saturated at 8 ms.
        string a = ResultsFixture.Write(Dir("a"), agent: "1/2", requests: 400, lagMs: 1);
        string b = ResultsFixture.Write(Dir("b"), agent: "2/2", requests: 2, lagMs: 8);
        ResultsMerger.Merge([a, b], Dir("merged"));
        var (merged, _) = ResultsDirectory.Read(Dir("merged"));
        var series = merged.Series[0];
        Assert.Equal(8, series.Resolution.LagP99Ms, 1);
        var status = SaturationStatus.Of(series, merged.Saturation);
        Assert.True(status.Saturated, status.Describe());
        Assert.True(merged.Saturation.Saturated);
    }

    [Fact]
    public void Merge_AgentsPausedTail_KeepsAnUndelayedTtftAndE2e()
    {
        // Read back from files the undelayed histograms are gone; the smallest agent's figures stand in.
        var undelayed = new MetricSummary { Count = 36, P50 = 100, P90 = 100, P95 = 100, P99 = 100, P999 = 100, Max = 100, Min = 90, Mean = 100 };
        var undelayedEnds = undelayed with { P99 = 900, Max = 900 };
        string a = ResultsFixture.Write(Dir("a"), agent: "1/2", edit: s => s with { HarnessPauses = new HarnessPauses { Count = 1, MaxMs = 40, TtftMeasured = 40, TtftDelayed = 4, TtftUndelayed = undelayed, E2eMeasured = 40, E2eDelayed = 3, E2eUndelayed = undelayedEnds } });
        string b = ResultsFixture.Write(Dir("b"), agent: "2/2", edit: s => s with { HarnessPauses = new HarnessPauses { TtftMeasured = 40, E2eMeasured = 40 } });
        ResultsMerger.Merge([a, b], Dir("merged"));
        var (merged, _) = ResultsDirectory.Read(Dir("merged"));
        var pauses = Assert.IsType<HarnessPauses>(merged.Series[0].HarnessPauses);
        Assert.Equal(4, pauses.TtftDelayed);
        Assert.Equal(100, pauses.UndelayedAt(MetricNames.Ttft, 99));
        Assert.True(merged.Series[0].Metrics[MetricNames.Ttft].P99 - 100 > merged.Saturation.ThresholdMs);
        // The same for the ends (the fixture's series hold no e2e summary, so agent b adds none).
        Assert.Equal((3L, 80L), (pauses.E2eDelayed, pauses.E2eMeasured));
        Assert.Equal(900, pauses.UndelayedAt(MetricNames.EndToEnd, 99));
    }
}
