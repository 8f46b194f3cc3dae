using System.CommandLine;
using Harness.Core;
using Harness.Load;
using Harness.Load.Results;

namespace Harness.Cli.Commands;

/// <summary><c>harness merge DIR... --out DIR</c>: combines agents' results directories into one (exact histogram merge).</summary>
public sealed class MergeVerb : ICliVerb
{
    /// <inheritdoc />
    public int Order => 52;

    /// <inheritdoc />
    public Command Create(CliConsole console)
    {
        var inputs = new Argument<string[]>("dirs") { Description = "Results directories written by agents (--agent I/N).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "The merged results directory.", Required = true };
        var noReport = new Option<bool>("--no-report") { Description = "Write the merged results only." };
        var force = LoadCommandSupport.ForceOption(junit: false);
        var command = new Command("merge", "Merge results from several processes or machines: histograms added, counts summed, per-second series summed by second.")
        {
            inputs, output, force, noReport,
        };
        command.SetAction(async (parsed, ct) =>
        {
            var dirs = parsed.GetValue(inputs)!;
            string outDir = Path.GetFullPath(parsed.GetValue(output)!);
            if (dirs.Any(d => Path.GetFullPath(d) == outDir))
            {
                throw new UsageException("--out must differ from the directories merged");
            }

            // A bad or foreign input is an InvalidDataException naming it: one line, exit 2 (CliApp).
            using var claimed = LoadCommandSupport.ClaimResultsDirectory(outDir, "merge", parsed.GetValue(force));
            var merged = ResultsMerger.Merge(dirs, outDir, warning => console.Error.WriteLine("harness: warning: " + warning));

            console.Error.WriteLine($"merge: {Plural.Of(dirs.Length, "directory", "directories")}, agents {string.Join(",", merged.Agents)}, {merged.Series.Count} series, {merged.Series.Sum(s => s.Requests)} requests{(merged.Saturation.Saturated ? "; harness saturated in at least one agent" : string.Empty)}");
            await LoadCommandSupport.FinishAsync(outDir, !parsed.GetValue(noReport), console, ct);
            return ExitCodes.Ok;
        });
        return command;
    }
}
