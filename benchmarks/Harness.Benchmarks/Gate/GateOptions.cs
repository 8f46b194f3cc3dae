using System.Globalization;

namespace Harness.Benchmarks.Gate;

/// <summary>The gate's command line.</summary>
public sealed class GateOptions
{
    /// <summary>The help text.</summary>
    public const string Usage = """
        usage: gate [--baseline FILE] [--threshold 25%] [--update-baseline] [--metrics PREFIX[,PREFIX...]]
                    [--variant shipped|slowed|allocating] [--engine interleaved|bdn] [--artifacts DIR] [--verbose]
          Runs the suites' gated benchmarks in a short job in process, prints a Markdown table (metric, baseline, now,
          change, verdict) and exits 1 when a time ratio worsened past the threshold (after one
          re-measurement) or an allocation grew; 0 otherwise; 2 on bad usage.
          --baseline         default benchmarks/baseline.LEVEL.json for this machine's instruction set
                             (x86-64-v4 with AVX-512, x86-64-v3 with AVX2, ...); without one, the most
                             lenient of the committed baselines, with a warning
          --update-baseline  rewrite the baseline with this run's figures (on purpose only)
          --metrics          only metrics whose names start with a prefix (for example sse.)
          --variant          measure a deliberately slowed or allocating parser (proves the gate can fail)
          --engine           interleaved (default): all benchmarks in alternating 10 ms slices, each
                             ratio the median of per-round ratios, robust to a machine whose speed
                             drifts; bdn: BenchmarkDotNet's sequential short job (9 x 150 ms each)
        """;

    /// <summary>The baseline file; null for the committed one of this machine's instruction set (<see cref="GateCommand.DefaultBaselinePath"/>).</summary>
    public string? BaselinePath { get; private set; }

    /// <summary>Allowed relative worsening of a ratio (0.15 = 15 %).</summary>
    public double Threshold { get; private set; } = GateCommand.DefaultThreshold;

    /// <summary>Rewrite the baseline.</summary>
    public bool UpdateBaseline { get; private set; }

    /// <summary>Metric name prefixes; empty for all.</summary>
    public List<string> MetricPrefixes { get; } = [];

    /// <summary>The parser variant to measure; null for the shipped one.</summary>
    public BenchmarkVariant? Variant { get; private set; }

    /// <summary>How the benchmarks are measured.</summary>
    public GateEngine Engine { get; private set; } = GateEngine.Interleaved;

    /// <summary>Where BenchmarkDotNet may write.</summary>
    public string ArtifactsPath { get; private set; } = Path.Combine("artifacts", "gate");

    /// <summary>Pass BenchmarkDotNet's whole log to standard error.</summary>
    public bool Verbose { get; private set; }

    /// <summary>Show help.</summary>
    public bool Help { get; private set; }

    /// <summary>Parses the arguments after <c>gate</c>; <see cref="ArgumentException"/> with a one-line message on bad input.</summary>
    public static GateOptions Parse(IReadOnlyList<string> args)
    {
        var options = new GateOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "--baseline":
                    options.BaselinePath = Value(args, ref i);
                    break;
                case "--threshold":
                    options.Threshold = ParseThreshold(Value(args, ref i));
                    break;
                case "--update-baseline":
                    options.UpdateBaseline = true;
                    break;
                case "--metrics":
                    options.MetricPrefixes.AddRange(Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--variant":
                    options.Variant = ParseVariant(Value(args, ref i));
                    break;
                case "--engine":
                    options.Engine = ParseEngine(Value(args, ref i));
                    break;
                case "--artifacts":
                    options.ArtifactsPath = Value(args, ref i);
                    break;
                case "--verbose":
                    options.Verbose = true;
                    break;
                case "-h" or "--help":
                    options.Help = true;
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{arg}' (see 'gate --help')");
            }
        }

        return options;
    }

    /// <summary>Parses <c>10%</c> or <c>0.1</c> into 0.1; must be between 0 and 10 (1000 %).</summary>
    public static double ParseThreshold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        bool percent = trimmed.EndsWith('%');
        if (percent)
        {
            trimmed = trimmed[..^1];
        }

        if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || double.IsNaN(value))
        {
            throw new ArgumentException($"--threshold must be a percentage like 10% or a fraction like 0.1, not '{text}'");
        }

        if (percent)
        {
            value /= 100;
        }

        if (value < 0 || value > 10)
        {
            throw new ArgumentException($"--threshold must be between 0% and 1000%, not '{text}'");
        }

        return value;
    }

    private static BenchmarkVariant ParseVariant(string text) => text.Trim().ToLowerInvariant() switch
    {
        "shipped" => BenchmarkVariant.Shipped,
        "slowed" => BenchmarkVariant.Slowed,
        "allocating" => BenchmarkVariant.Allocating,
        _ => throw new ArgumentException($"--variant must be shipped, slowed or allocating, not '{text}'"),
    };

    private static GateEngine ParseEngine(string text) => text.Trim().ToLowerInvariant() switch
    {
        "interleaved" => GateEngine.Interleaved,
        "bdn" or "benchmarkdotnet" => GateEngine.BenchmarkDotNet,
        _ => throw new ArgumentException($"--engine must be interleaved or bdn, not '{text}'"),
    };

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{args[i]} needs a value");
        }

        return args[++i];
    }
}
