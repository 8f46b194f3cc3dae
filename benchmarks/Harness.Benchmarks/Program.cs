using BenchmarkDotNet.Running;
using Harness.Benchmarks.ClientCost;
using Harness.Clients;
using Harness.Benchmarks.Gate;

namespace Harness.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Harness.Benchmarks -- [BenchmarkDotNet args]</c> runs the
/// suites; <c>... -- gate [--baseline FILE] [--threshold 10%] [--update-baseline]</c> runs the CI gate;
/// <c>... -- client-cost [...]</c> measures the client's CPU time per token against a fake in its own process.
/// </summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "gate")
        {
            return await GateCommand.RunAsync(args[1..], Console.Out, Console.Error).ConfigureAwait(false);
        }

        if (args.Length > 0 && args[0] == ProcessGateMeasurer.Verb)
        {
            return ProcessGateMeasurer.MeasureHere(args[1..], Console.Out, Console.Error);
        }

        if (args.Length > 0 && args[0] == "client-cost")
        {
            // The client as the harness CLI runs it (src/Harness.Cli/Program.cs).
            SocketRuntime.PreferInlineCompletions();
            BufferPoolRuntime.PreferLargerPool();
            return await ClientCostCommand.RunAsync(args[1..], Console.Out, Console.Error).ConfigureAwait(false);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
