using System.CommandLine;
using Harness.Reports;
using Harness.Reports.Cost;

namespace Harness.Cli.Commands;

/// <summary><c>harness report RESULTS_DIR [--prices FILE]</c>: charts, index.html, summary.md and summary.json.</summary>
public sealed class ReportVerb : ICliVerb
{
    /// <inheritdoc />
    public int Order => 70;

    /// <inheritdoc />
    public Command Create(CliConsole console)
    {
        var dir = new Argument<string>("results-dir") { Description = "A results directory (results.json, histograms.hlog, timeseries.csv, requests.csv)." };
        var prices = PricesOption();
        var command = new Command("report", "Write the report of a results directory: PNG/SVG charts, a self-contained index.html, summary.md and summary.json; prints the index.html path.")
        {
            dir, prices,
        };
        command.SetAction(async (result, ct) =>
        {
            string resultsDir = RequireResultsDir(result.GetValue(dir)!);
            var options = new ReportOptions { Prices = LoadPrices(result.GetValue(prices)) };
            string index = await ReportWriter.WriteAsync(resultsDir, options, ct);
            await console.Out.WriteLineAsync(index);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The <c>--prices FILE</c> option shared with <c>verify</c>.</summary>
    internal static Option<string?> PricesOption() => new("--prices")
    {
        Description = "JSON price table: { \"MODEL\": { \"inputPerMillion\": 2.5, \"outputPerMillion\": 10 } } ($ per million tokens; keys may end in * or be *).",
    };

    /// <summary>Reads the price table, or null; a usage error when it is bad.</summary>
    internal static PriceTable? LoadPrices(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        try
        {
            return PriceTable.Load(path);
        }
        catch (InvalidDataException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    /// <summary>The directory, when it holds a <c>results.json</c>; a usage error otherwise.</summary>
    internal static string RequireResultsDir(string path)
    {
        return Harness.Load.Results.ResultsDirectory.NotAResultsDirectory(path) is { } why ? throw new UsageException(why) : path;
    }
}
