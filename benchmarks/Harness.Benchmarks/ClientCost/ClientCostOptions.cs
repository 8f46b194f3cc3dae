using System.Globalization;
using Harness.Clients;

namespace Harness.Benchmarks.ClientCost;

/// <summary>The <c>client-cost</c> command line.</summary>
public sealed class ClientCostOptions
{
    /// <summary>The harness CLI the fake is started from.</summary>
    public string HarnessPath { get; private set; } = Path.Combine("artifacts", "bin", "Harness.Cli", "release", "harness.dll");

    /// <summary>The transports measured, in order.</summary>
    public List<Transport> Transports { get; } = [];

    /// <summary>Concurrent streams per round.</summary>
    public int Streams { get; private set; } = 100;

    /// <summary>Tokens per stream.</summary>
    public int Tokens { get; private set; } = 200;

    /// <summary>The fake's inter-token latency.</summary>
    public int ItlMs { get; private set; } = 20;

    /// <summary>Measured rounds per transport.</summary>
    public int Rounds { get; private set; } = 3;

    /// <summary>Show help.</summary>
    public bool Help { get; private set; }

    /// <summary>Parses the arguments after <c>client-cost</c>; <see cref="ArgumentException"/> with a one-line message on bad input.</summary>
    public static ClientCostOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ClientCostOptions();
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--harness":
                    options.HarnessPath = Value(args, ref i);
                    break;
                case "--transports":
                    foreach (var name in Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        options.Transports.Add(TransportNames.TryParse(name, out var transport)
                            ? transport
                            : throw new ArgumentException($"--transports takes sse, sse-h2 or ws, not '{name}'"));
                    }

                    break;
                case "--streams":
                    options.Streams = Positive(args, ref i, 100_000);
                    break;
                case "--tokens":
                    options.Tokens = Positive(args, ref i, 100_000);
                    break;
                case "--itl":
                    options.ItlMs = Positive(args, ref i, 10_000);
                    break;
                case "--rounds":
                    options.Rounds = Positive(args, ref i, 100);
                    break;
                case "-h" or "--help":
                    options.Help = true;
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}' (see 'client-cost --help')");
            }
        }

        if (options.Transports.Count == 0)
        {
            options.Transports.AddRange(TransportNames.All);
        }

        return options;
    }

    private static int Positive(IReadOnlyList<string> args, ref int i, int max)
    {
        string name = args[i];
        string text = Value(args, ref i);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= 1 && value <= max
            ? value
            : throw new ArgumentException($"{name} must be a whole number from 1 to {max}, not '{text}'");
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{args[i]} needs a value");
        }

        return args[++i];
    }
}
