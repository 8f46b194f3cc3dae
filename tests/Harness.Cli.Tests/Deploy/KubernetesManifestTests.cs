using System.Globalization;
using Harness.Load;

namespace Harness.Cli.Tests.Deploy;

/// <summary>
/// <c>deploy/k8s/</c> read as Kubernetes would: every agent pod's arguments, expanded from its
/// environment, give it its own share (<c>--agent auto</c>), the one start time and its own results
/// directory, and the merge Job merges exactly those directories.
/// </summary>
public sealed class KubernetesManifestTests
{
    private readonly KubernetesManifests _k8s = KubernetesManifests.Load(Path.Combine(RepositoryRoot.Path, "deploy", "k8s"));

    [Fact]
    public void AgentsJob_IsIndexed_WithTheAgentCountItTellsTheAgents()
    {
        var spec = KubernetesManifests.Node(_k8s.AgentsJob, "spec");

        Assert.Equal("Indexed", KubernetesManifests.Text(spec, "completionMode"));
        Assert.True(_k8s.AgentCount >= 2);
        Assert.Equal(_k8s.AgentCount.ToString(CultureInfo.InvariantCulture), KubernetesManifests.Text(spec, "parallelism"));
        Assert.Equal(_k8s.AgentCount.ToString(CultureInfo.InvariantCulture), _k8s.AgentEnvironment(0)[AgentShare.CountVariable]);
        // A retried agent would start after the others: no retries.
        Assert.Equal("0", KubernetesManifests.Text(spec, "backoffLimit"));
        Assert.Equal("Never", KubernetesManifests.Text(spec, "template", "spec", "restartPolicy"));
    }

    [Fact]
    public void EachAgent_RunsItsOwnShare_OfOneScenario_FromOneStartTime()
    {
        int n = _k8s.AgentCount;
        var agents = Enumerable.Range(0, n).Select(i => (Args: _k8s.AgentArguments(i), Env: _k8s.AgentEnvironment(i))).ToList();

        Assert.All(agents, a =>
        {
            Assert.Equal("load", a.Args[0]);
            Assert.Equal("auto", Value(a.Args, "--agent"));
            Assert.DoesNotContain(a.Args, arg => arg.Contains("$(", StringComparison.Ordinal));
        });
        var shares = agents.Select(a => AgentShare.FromEnvironment(v => a.Env.GetValueOrDefault(v))).ToList();
        Assert.Equal(Enumerable.Range(1, n).Select(i => new AgentShare(i, n)), shares);
        // Every arrival of the shared schedule is sent by exactly one agent.
        for (long arrival = 0; arrival < 4 * n; arrival++)
        {
            Assert.Single(shares, s => s.Owns(arrival));
        }

        string startAt = Assert.Single(agents.Select(a => Value(a.Args, "--start-at")).Distinct());
        Assert.True(DateTimeOffset.TryParse(startAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _), startAt);
        Assert.Equal(n, agents.Select(a => Value(a.Args, "--out")).Distinct().Count());
        Assert.Single(agents.Select(a => a.Args[1]).Distinct());
    }

    [Fact]
    public void AgentsScenario_IsTheConfigMapsScenario_AndParses()
    {
        var args = _k8s.AgentArguments(0);
        string scenarioPath = args[1];
        string mount = MountPath(_k8s.AgentsJob, "scenario");
        var volume = Volume(_k8s.AgentsJob, "scenario");

        Assert.Equal(Path.Combine(mount, "scenario.json"), scenarioPath);
        Assert.Equal("harness-scenario", KubernetesManifests.Text(volume, "configMap", "name"));
        var loaded = ScenarioFile.Parse(KubernetesManifests.Text(_k8s.ScenarioConfigMap, "data", "scenario.json"));
        loaded.Scenario.Validate();
        // The default target is the in-cluster fake's Service.
        var service = _k8s.Single("Service", "harness-fake");
        Assert.Equal("harness-fake", loaded.Endpoint.Url!.Host);
        Assert.Equal(KubernetesManifests.Text(((YamlDotNet.RepresentationModel.YamlSequenceNode)KubernetesManifests.Node(service, "spec", "ports")).Children[0], "port"),
            loaded.Endpoint.Url.Port.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void MergeJob_MergesExactlyTheAgentsResults_OnTheSameClaim()
    {
        var agentOuts = Enumerable.Range(0, _k8s.AgentCount).Select(i => Value(_k8s.AgentArguments(i), "--out")).ToList();
        var merge = KubernetesManifests.Arguments(_k8s.MergeJob);

        Assert.Equal("merge", merge[0]);
        Assert.Equal(agentOuts, merge.Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)));
        string results = MountPath(_k8s.AgentsJob, "results");
        Assert.Equal(results, MountPath(_k8s.MergeJob, "results"));
        Assert.All([.. agentOuts, Value(merge, "--out")], dir => Assert.StartsWith(results + "/", dir, StringComparison.Ordinal));
        Assert.Equal(Value(merge, "--out"), Value(merge, "--out").TrimEnd('/'));
        Assert.DoesNotContain(Value(merge, "--out"), agentOuts);

        string claim = KubernetesManifests.Text(Volume(_k8s.AgentsJob, "results"), "persistentVolumeClaim", "claimName");
        Assert.Equal(claim, KubernetesManifests.Text(Volume(_k8s.MergeJob, "results"), "persistentVolumeClaim", "claimName"));
        var pvc = _k8s.Single("PersistentVolumeClaim", claim);
        // Agents on different nodes write at once.
        Assert.Equal("ReadWriteMany", ((YamlDotNet.RepresentationModel.YamlScalarNode)((YamlDotNet.RepresentationModel.YamlSequenceNode)KubernetesManifests.Node(pvc, "spec", "accessModes")).Children.Single()).Value);
    }

    [Fact]
    public void EveryPod_RunsTheDockerfilesImage_AsNonRoot()
    {
        var workloads = _k8s.Objects.Where(o => KubernetesManifests.Text(o, "kind") is "Job" or "Deployment").ToList();

        Assert.Equal(3, workloads.Count);
        Assert.All(workloads, w =>
        {
            Assert.Equal("harness:latest", KubernetesManifests.Text(KubernetesManifests.Container(w), "image"));
            Assert.Equal("true", KubernetesManifests.Text(w, "spec", "template", "spec", "securityContext", "runAsNonRoot"));
        });
    }

    [Fact]
    public void Expand_FollowsKubernetesRules()
    {
        var env = new Dictionary<string, string> { ["A"] = "1" };

        Assert.Equal(["x-1", "$(B)", "1$(B)1"], KubernetesManifests.Expand(["x-$(A)", "$(B)", "$(A)$(B)$(A)"], env));
    }

    private static string Value(List<string> args, string option) => args[args.IndexOf(option) + 1];

    private static string MountPath(YamlDotNet.RepresentationModel.YamlMappingNode workload, string volume) =>
        ((YamlDotNet.RepresentationModel.YamlSequenceNode)KubernetesManifests.Node(KubernetesManifests.Container(workload), "volumeMounts")).Children
            .Single(m => KubernetesManifests.Text(m, "name") == volume) is var mount ? KubernetesManifests.Text(mount, "mountPath") : throw new InvalidOperationException();

    private static YamlDotNet.RepresentationModel.YamlNode Volume(YamlDotNet.RepresentationModel.YamlMappingNode workload, string name) =>
        ((YamlDotNet.RepresentationModel.YamlSequenceNode)KubernetesManifests.Node(workload, "spec", "template", "spec", "volumes")).Children
            .Single(v => KubernetesManifests.Text(v, "name") == name);
}
