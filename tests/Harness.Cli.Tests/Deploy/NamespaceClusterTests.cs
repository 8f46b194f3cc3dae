using System.Globalization;
using System.Text.Json;
using Harness.Load;
using Harness.Load.Results;

namespace Harness.Cli.Tests.Deploy;

/// <summary>
/// A cluster on one box: the agents of deploy/k8s/agents-job.yaml, each a harness process in its own
/// network namespace with its own address, run their shares against a fake in another namespace;
/// their results, merged as the merge Job merges them, equal one process running the scenario.
/// </summary>
public sealed class NamespaceClusterTests : IDisposable
{
    // An open model makes the counts exact: 40 requests/s for 2 s is 80 requests, dealt round-robin.
    private const int Rate = 40;
    private const int Seconds = 2;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);
    private readonly string _dir = Directory.CreateTempSubdirectory("harness-netns-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [NetnsFact]
    public async Task AgentsInTheirOwnNamespaces_MergeToOneProcessRunningTheScenario()
    {
        var k8s = KubernetesManifests.Load(Path.Combine(RepositoryRoot.Path, "deploy", "k8s"));
        int n = k8s.AgentCount;
        string harness = Path.Combine(AppContext.BaseDirectory, "harness.dll");
        using var net = NetworkNamespaces.Create();
        string fakeAddress = net.AddHost("fake");
        var agents = Enumerable.Range(0, n).Select(i => $"agent{i}").ToList();
        agents.ForEach(a => net.AddHost(a));
        net.AddHost("single");

        using var fake = net.Start("fake", "dotnet", [harness, "fake", "serve", "--listen", fakeAddress, "--port", "8080", "--schedule", "ttft=30,itl=5,tokens=5"], _dir);
        using (var urls = JsonDocument.Parse(await fake.ReadLineAsync(s_timeout)))
        {
            Assert.Equal($"http://{fakeAddress}:8080", urls.RootElement.GetProperty("http").GetString());
        }

        string scenario = Path.Combine(_dir, "scenario.json");
        await File.WriteAllTextAsync(scenario, $$"""
            { "name": "netns", "target": { "transport": "sse", "url": "http://{{fakeAddress}}:8080", "model": "fake" },
              "load": [ { "kind": "inject", "rate": {{Rate}}, "interval": "1s", "during": "{{Seconds}}s" } ] }
            """);

        // Each agent's arguments and environment as Kubernetes gives them, with the pod's paths
        // mapped to this machine's and a start time a few seconds ahead (process start-up included).
        string startAt = DateTimeOffset.UtcNow.AddSeconds(15).ToString("o", CultureInfo.InvariantCulture);
        string results = Path.Combine(_dir, "results");
        var running = new List<ChildProcess>();
        try
        {
            for (int i = 0; i < n; i++)
            {
                var env = k8s.AgentEnvironment(i);
                env["HARNESS_START_AT"] = startAt;
                var args = KubernetesManifests.Expand(KubernetesManifests.Arguments(k8s.AgentsJob), env)
                    .Select(a => a == "/scenario/scenario.json" ? scenario : a.Replace("/data/results", results, StringComparison.Ordinal))
                    .ToList();
                Assert.Equal("auto", args[args.IndexOf("--agent") + 1]);
                running.Add(net.Start(agents[i], "dotnet", [harness, .. args], _dir, env));
            }

            foreach (var agent in running)
            {
                Assert.True(await agent.WaitAsync(s_timeout) == 0, agent.Error);
            }
        }
        finally
        {
            running.ForEach(r => r.Dispose());
        }

        using (var single = net.Start("single", "dotnet", [harness, "load", scenario, "--out", Path.Combine(_dir, "single"), "--no-report"], _dir))
        {
            Assert.True(await single.WaitAsync(s_timeout) == 0, single.Error);
        }

        var mergeArgs = KubernetesManifests.Arguments(k8s.MergeJob).Select(a => a.Replace("/data/results", results, StringComparison.Ordinal)).ToList();
        var merge = await CliRunner.RunAsync([.. mergeArgs, "--no-report"]);
        Assert.True(merge.ExitCode == 0, merge.Error);

        // Every agent's traffic left from its own namespace's interface.
        Assert.All(agents, a => Assert.True(net.PacketsSent(a) > 0, $"{a} sent nothing from its own interface"));

        string mergedDir = mergeArgs[mergeArgs.IndexOf("--out") + 1];
        var (one, oneHistograms) = ResultsDirectory.Read(Path.Combine(_dir, "single"));
        var (merged, mergedHistograms) = ResultsDirectory.Read(mergedDir);
        var s = one.Series.Single();
        var m = merged.Series.Single();
        Assert.Equal(Rate * Seconds, s.Requests);
        Assert.Equal(s.Requests, m.Requests);
        Assert.Equal(s.Outcomes, m.Outcomes);
        Assert.Equal(m.Requests, m.Outcomes["ok"]);
        Assert.Equal(s.Tokens, m.Tokens);
        Assert.Equal(Enumerable.Range(1, n).Select(i => new AgentShare(i, n).ToString()), merged.Agents);

        // Counts exact per agent, and the merged histograms are the agents' added value for value.
        var parts = Enumerable.Range(0, n).Select(i => ResultsDirectory.Read(Path.Combine(results, $"agent-{i}"))).ToList();
        Assert.All(parts, p => Assert.Equal(Rate * Seconds / n, p.Results.Series.Single().Requests));
        foreach (string metric in new[] { MetricNames.Ttft, MetricNames.Itl, MetricNames.EndToEnd })
        {
            var sum = parts[0].Histograms.Get("sse", parts[0].Results.Series.Single().LoadPoint, metric).Copy();
            foreach (var p in parts.Skip(1))
            {
                sum.Add(p.Histograms.Get("sse", p.Results.Series.Single().LoadPoint, metric));
            }

            var mergedHistogram = mergedHistograms.Get("sse", m.LoadPoint, metric);
            Assert.Equal(Counts(sum), Counts(mergedHistogram));
            Assert.Equal(oneHistograms.Get("sse", s.LoadPoint, metric).TotalCount, mergedHistogram.TotalCount);
        }
    }

    private static List<(long Value, long Count)> Counts(HdrHistogram.HistogramBase histogram) =>
        histogram.RecordedValues().Select(v => (v.ValueIteratedTo, v.CountAtValueIteratedTo)).ToList();
}
