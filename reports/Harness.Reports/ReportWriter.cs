using System.Globalization;
using System.Text.Json;
using Harness.Clients;
using Harness.Load;
using Harness.Load.Results;
using Harness.Reports.Charts;
using Harness.Reports.Cost;
using Harness.Reports.Decision;

namespace Harness.Reports;

/// <summary>
/// Writes the report of a results directory beside its data: <c>charts/*.png|svg</c>, a
/// self-contained <c>index.html</c> (charts embedded as data: URIs), <c>summary.md</c> (fits a
/// pull-request comment or a CI job summary) and <c>summary.json</c>.
/// </summary>
public static class ReportWriter
{
    /// <summary>The HTML report's file name.</summary>
    public const string IndexFile = "index.html";

    /// <summary>The Markdown summary's file name.</summary>
    public const string MarkdownFile = "summary.md";

    /// <summary>The JSON summary's file name.</summary>
    public const string JsonFile = "summary.json";

    /// <summary>The warning a saturated run carries everywhere it is shown.</summary>
    public const string SaturatedWarning = "harness saturated — figures describe the client, not the server";

    /// <summary>
    /// Writes the report for <paramref name="resultsDir"/> and returns the full path of its <c>index.html</c>.
    /// </summary>
    /// <exception cref="FileNotFoundException">The directory has no <c>results.json</c>.</exception>
    public static async Task<string> WriteAsync(string resultsDir, ReportOptions? options = null, CancellationToken ct = default) =>
        (await WriteWithSummaryAsync(resultsDir, options, ct).ConfigureAwait(false)).Index;

    /// <summary>As <see cref="WriteAsync"/>, also returning the summary it rendered (the transport answer among it).</summary>
    public static async Task<(string Index, ReportSummary Summary)> WriteWithSummaryAsync(string resultsDir, ReportOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(resultsDir);
        options ??= new ReportOptions();
        var data = ReportData.Read(resultsDir);
        RequireOutputs(resultsDir, options);
        ct.ThrowIfCancellationRequested();
        // Rendering is CPU-bound (Skia); off the caller's thread so a UI or server stays responsive.
        var charts = await Task.Run(() => ReportCharts.RenderAll(data, Path.Combine(resultsDir, options.ChartsDirectory)), ct);
        var summary = Summarize(data, options, charts);

        // Through AtomicFile like every results file: whole or not at all, and redacted.
        AtomicFile.WriteText(Path.Combine(resultsDir, JsonFile), JsonSerializer.Serialize(summary, ResultsDirectory.JsonOptions));
        AtomicFile.WriteText(Path.Combine(resultsDir, MarkdownFile), MarkdownSummary.Render(summary, data));
        string index = Path.GetFullPath(Path.Combine(resultsDir, IndexFile));
        AtomicFile.WriteText(index, HtmlReport.Render(summary, data, charts));
        return (index, summary);
    }

    /// <summary>
    /// Refuses, before anything is written, outputs that cannot be: a file where the charts'
    /// directory goes, a directory where a page goes. The runtime said "The file '…/charts/charts'
    /// already exists" or "Is a directory", after the charts were written and before the page.
    /// </summary>
    private static void RequireOutputs(string resultsDir, ReportOptions options)
    {
        string charts = Path.GetFullPath(Path.Combine(resultsDir, options.ChartsDirectory));
        if (File.Exists(charts))
        {
            throw new IOException($"{charts} is a file where the report's charts go: move it, then run report again");
        }

        foreach (string name in new[] { IndexFile, MarkdownFile, JsonFile })
        {
            string page = Path.GetFullPath(Path.Combine(resultsDir, name));
            if (Directory.Exists(page))
            {
                throw new IOException($"{page} is a directory where the report's {name} goes: move it, then run report again");
            }
        }
    }

    /// <summary>Builds the summary (figures, tokens, cost, verdicts) without rendering anything.</summary>
    public static ReportSummary Summarize(ReportData data, ReportOptions? options = null, IReadOnlyList<RenderedChart>? charts = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new ReportOptions();
        var results = data.Results;
        long output = results.Series.Sum(s => s.Tokens);
        long? input = options.InputTokens ?? ReadSetting(results, "input_tokens");
        var priced = options.Prices?.Find(results.Model);
        CostEstimate? cost = null;
        string? costNote = null;
        if (options.Prices is null)
        {
            costNote = "no price table (harness report DIR --prices FILE adds one)";
        }
        else if (priced is null)
        {
            costNote = $"model '{results.Model}' is not in the price table {options.Prices.Source}";
        }
        else
        {
            cost = CostEstimate.Compute(results.Model, priced.Value.Key, priced.Value.Price, input ?? 0, output);
            if (input is null)
            {
                costNote = "input tokens not recorded by this run: cost covers output tokens only";
            }
        }

        string? failure = RunFailure.Of(results.Series);
        return new ReportSummary
        {
            Name = results.Name,
            // Results written before targets were redacted on saving may hold a signature in the URL.
            Target = EndpointUrl.ForDisplay(results.Target),
            Model = results.Model,
            StartedUtc = results.StartedUtc,
            EndedUtc = results.EndedUtc,
            Partial = results.Partial,
            MissingAgents = [.. ResultsMerger.MissingAgents(results)],
            Saturation = results.Saturation,
            // As on stderr: a run that failed whole recorded no latency for the lag to skew (a loop of
            // instant failures builds the lag itself), so its failure is the headline, alone.
            SaturationWarning = results.Saturation.Saturated && failure is null
                ? $"{SaturatedWarning} ({results.Saturation.Describe()})"
                : null,
            FailureWarning = failure,
            BufferedWarning = BufferedAnswers.Of(results.Series),
            Settings = results.Settings,
            Machine = results.Machine,
            Series = results.Series,
            OutputTokens = output,
            InputTokens = input,
            TokensBySeries = [.. results.Series.Select(s => new SeriesTokens
            {
                Transport = s.Transport,
                LoadPoint = s.LoadPoint,
                OutputTokens = s.Tokens,
                Accounting = s.TokenAccounting,
                OutputCost = priced is null ? null : s.Tokens / 1_000_000.0 * priced.Value.Price.OutputPerMillion,
            })],
            Cost = cost,
            CostNote = costNote,
            Decision = data.Transports.Count > 1 ? TransportDecider.Decide(data) : null,
            Verdicts = data.Verdicts,
            Charts = charts is null ? [] : [.. charts.SelectMany(c => new[] { c.PngPath, c.SvgPath }).Select(p => Path.GetRelativePath(data.Directory, p).Replace('\\', '/'))],
        };
    }

    private static long? ReadSetting(RunResults results, string key) =>
        results.Settings.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value : null;
}
