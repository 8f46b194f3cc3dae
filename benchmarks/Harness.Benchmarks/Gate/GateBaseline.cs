using System.Text.Json;
using System.Text.Json.Serialization;
using Harness.Core;

namespace Harness.Benchmarks.Gate;

/// <summary>The committed figures the gate compares a run with (<c>benchmarks/baseline.LEVEL.json</c>, one per instruction set level).</summary>
public sealed class GateBaseline
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Format version.</summary>
    [JsonPropertyName("schema")]
    public int Schema { get; set; } = 1;

    /// <summary>When and how the figures were made (for people; the gate ignores it).</summary>
    [JsonPropertyName("note")]
    public string? Note { get; set; }

    /// <summary>Metric name to value.</summary>
    [JsonPropertyName("metrics")]
    public SortedDictionary<string, double> Metrics { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The raw medians (ns) and allocations behind the metrics, for people reading the file.</summary>
    [JsonPropertyName("benchmarks")]
    public SortedDictionary<string, BenchmarkMeasurement>? Benchmarks { get; set; }

    /// <summary>Reads a baseline file; a missing or unreadable file is an <see cref="InvalidDataException"/> with a one-line message.</summary>
    public static GateBaseline Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"baseline '{path}' does not exist (make one with --update-baseline)");
        }

        try
        {
            return JsonSerializer.Deserialize<GateBaseline>(File.ReadAllText(path), s_json)
                ?? throw new InvalidDataException($"baseline '{path}' is empty");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"baseline '{path}' is not valid JSON: {JsonProblem.Describe(ex)}");
        }
    }

    /// <summary>
    /// For a machine with no baseline of its own: every committed <c>baseline.*.json</c> in
    /// <paramref name="directory"/> merged, each metric at its highest (most lenient) value; null when there is none.
    /// </summary>
    public static (GateBaseline Baseline, IReadOnlyList<string> Levels)? MostLenient(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }

        var files = Directory.GetFiles(directory, "baseline.*.json").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            return null;
        }

        var merged = new GateBaseline { Note = "the most lenient of " + string.Join(", ", files.Select(Path.GetFileName)) };
        foreach (var file in files)
        {
            foreach (var (name, value) in Load(file).Metrics)
            {
                merged.Metrics[name] = merged.Metrics.TryGetValue(name, out var other) ? Math.Max(other, value) : value;
            }
        }

        return (merged, files.Select(f => Path.GetFileName(f)["baseline.".Length..^".json".Length]).ToList());
    }

    /// <summary>Writes the baseline, replacing the file.</summary>
    public void Save(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, JsonSerializer.Serialize(this, s_json) + "\n");
    }
}
