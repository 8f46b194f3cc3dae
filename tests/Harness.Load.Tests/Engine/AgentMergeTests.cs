using Harness.Load.Results;
using Harness.Load.Simulations;

namespace Harness.Load.Tests.Engine;

/// <summary>
/// Two agents (run as two in-process engines, each with its own simulated server, aligned by
/// <c>StartAt</c>) merged against one process running the whole scenario.
/// </summary>
public sealed class AgentMergeTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "harness-merge-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static LoadScenario Scenario() => new()
    {
        Profile = new LoadProfile([new Inject(100, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2))]),
        LoadPoint = "r100",
    };

    private static SimulatedServer Server() => new() { Ttft = TimeSpan.FromMilliseconds(30), Itl = TimeSpan.FromMilliseconds(10), Tokens = 3 };

    private string Save(LoadSeriesRun run, string name, AgentShare agent)
    {
        string dir = Path.Combine(_root, name);
        ResultsFiles.Write(dir, "merge-test", [run], "simulated", "fake", new Dictionary<string, string>(), agent, run.Partial);
        return dir;
    }

    [Fact]
    public async Task Two_agents_merged_match_one_process()
    {
        var whole = await LoadEngine.RunAsync(Scenario(), Server());
        string wholeDir = Save(whole, "whole", AgentShare.Whole);

        var startAt = DateTimeOffset.UtcNow.AddMilliseconds(300);
        var agents = await Task.WhenAll(Enumerable.Range(1, 2).Select(i =>
            LoadEngine.RunAsync(Scenario(), Server(), new LoadRunOptions { Agent = new AgentShare(i, 2), StartAt = startAt })));
        Assert.Equal(100, agents[0].Series.Requests);
        Assert.Equal(100, agents[1].Series.Requests);
        var dirs = agents.Select((r, i) => Save(r, $"agent{i + 1}", new AgentShare(i + 1, 2))).ToList();

        string mergedDir = Path.Combine(_root, "merged");
        var merged = ResultsMerger.Merge(dirs, mergedDir);
        var (single, singleHistograms) = ResultsDirectory.Read(wholeDir);
        var (reread, mergedHistograms) = ResultsDirectory.Read(mergedDir);

        var a = Assert.Single(single.Series);
        var b = Assert.Single(reread.Series);
        Assert.Equal(a.Requests, b.Requests);
        Assert.Equal(200, b.Requests);
        Assert.Equal(a.Tokens, b.Tokens);
        Assert.Equal(a.Outcomes, b.Outcomes);
        Assert.Equal(100, b.RatePerSecond!.Value, 6);
        Assert.Equal(["1/2", "2/2"], merged.Agents);
        foreach (string metric in new[] { MetricNames.Ttft, MetricNames.Itl, MetricNames.EndToEnd })
        {
            var x = a.Metrics[metric];
            var y = b.Metrics[metric];
            Assert.Equal(x.Count, y.Count);
            // Same fixed schedule: the distributions differ only by timer jitter (~1 ms on Linux, more
            // while other builds run), far above the histogram's 0.1% precision.
            Assert.InRange(y.P50, x.P50 - 3, x.P50 + 3);
            Assert.InRange(y.P90, x.P90 - 10, x.P90 + 10);
        }

        string tag = HistogramSet.TagOf("sse", "r100", MetricNames.Ttft);
        Assert.Equal(singleHistograms.Find(tag)!.TotalCount, mergedHistograms.Find(tag)!.TotalCount);
        var lines = File.ReadAllLines(Path.Combine(mergedDir, ResultsDirectory.TimeSeriesFile));
        Assert.Equal(ResultsDirectory.TimeSeriesHeader, lines[0]);
        Assert.Equal(200, lines.Skip(1).Select(TimeSeriesRow.Parse).Sum(r => r.Started));
        Assert.Equal(201, File.ReadAllLines(Path.Combine(mergedDir, ResultsDirectory.RequestsFile)).Length);
    }
}
