using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Harness.Cli.Tests.Deploy;

/// <summary>
/// The objects of <c>deploy/k8s/*.yaml</c>, read with a real YAML parser, and what Kubernetes would
/// hand each agent pod: its environment (literal values, the completion index, ConfigMap keys) and
/// its arguments with <c>$(VAR)</c> references expanded.
/// </summary>
internal sealed partial class KubernetesManifests
{
    public const string IndexAnnotation = "metadata.annotations['batch.kubernetes.io/job-completion-index']";

    private KubernetesManifests(List<YamlMappingNode> objects) => Objects = objects;

    public List<YamlMappingNode> Objects { get; }

    public YamlMappingNode AgentsJob => Single("Job", "harness-agents");

    public YamlMappingNode MergeJob => Single("Job", "harness-merge");

    public YamlMappingNode ScenarioConfigMap => Single("ConfigMap", "harness-scenario");

    /// <summary>Agents in the Indexed Job (its completions).</summary>
    public int AgentCount => int.Parse(Text(AgentsJob, "spec", "completions"), System.Globalization.CultureInfo.InvariantCulture);

    public static KubernetesManifests Load(string directory)
    {
        var objects = new List<YamlMappingNode>();
        foreach (string file in Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(file))
            {
                stream.Load(reader);
            }

            objects.AddRange(stream.Documents.Select(d => (YamlMappingNode)d.RootNode));
        }

        return new KubernetesManifests(objects);
    }

    public YamlMappingNode Single(string kind, string name) =>
        Objects.Single(o => Text(o, "kind") == kind && Text(o, "metadata", "name") == name);

    /// <summary>The first container of a Job's or Deployment's pod template.</summary>
    public static YamlMappingNode Container(YamlMappingNode workload) =>
        (YamlMappingNode)((YamlSequenceNode)Node(workload, "spec", "template", "spec", "containers")).Children[0];

    /// <summary>The environment Kubernetes gives agent pod <paramref name="index"/> (0-based); optional Secret keys are left out.</summary>
    public Dictionary<string, string> AgentEnvironment(int index)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (YamlMappingNode variable in ((YamlSequenceNode)Node(Container(AgentsJob), "env")).Children.Cast<YamlMappingNode>())
        {
            string name = Text(variable, "name");
            if (TryText(variable, out string? value, "value"))
            {
                env[name] = value!;
            }
            else if (TryText(variable, out string? field, "valueFrom", "fieldRef", "fieldPath"))
            {
                Assert.Equal(IndexAnnotation, field);
                env[name] = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (TryText(variable, out string? map, "valueFrom", "configMapKeyRef", "name"))
            {
                env[name] = Text(Single("ConfigMap", map!), "data", Text(variable, "valueFrom", "configMapKeyRef", "key"));
            }
            else
            {
                Assert.Equal("true", Text(variable, "valueFrom", "secretKeyRef", "optional"));
            }
        }

        return env;
    }

    /// <summary>Agent pod <paramref name="index"/>'s arguments, <c>$(VAR)</c> expanded from its environment as the kubelet does.</summary>
    public List<string> AgentArguments(int index) => Expand(Arguments(AgentsJob), AgentEnvironment(index));

    public static List<string> Arguments(YamlMappingNode workload) =>
        ((YamlSequenceNode)Node(Container(workload), "args")).Children.Select(a => ((YamlScalarNode)a).Value!).ToList();

    /// <summary>Kubernetes' rule: <c>$(NAME)</c> becomes the variable's value when it is defined, and stays as written otherwise.</summary>
    public static List<string> Expand(IEnumerable<string> args, IReadOnlyDictionary<string, string> env) =>
        args.Select(a => Reference().Replace(a, m => env.TryGetValue(m.Groups[1].Value, out string? v) ? v : m.Value)).ToList();

    public static YamlNode Node(YamlNode node, params string[] path)
    {
        foreach (string key in path)
        {
            node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        }

        return node;
    }

    public static string Text(YamlNode node, params string[] path) => ((YamlScalarNode)Node(node, path)).Value!;

    public static bool TryText(YamlNode node, out string? text, params string[] path)
    {
        text = null;
        foreach (string key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out node!))
            {
                return false;
            }
        }

        text = (node as YamlScalarNode)?.Value;
        return text is not null;
    }

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Reference();
}
