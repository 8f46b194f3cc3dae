using System.Globalization;
using System.Text;
using System.Text.Json;
using Harness.Clients;
using Harness.Core;
using Harness.Load.Overhead;
using Harness.Load.Results;

namespace Harness.Reports.Overhead;

/// <summary>
/// An overhead run on disk, so a run against a paid endpoint is never lost and can be judged again
/// (other claims, another seed) without sending a request: <c>overhead.json</c> (the report as
/// printed), <c>overhead.md</c>, <c>pairs.csv</c> (one row per measured pair: order, outcomes,
/// each request's figures and whether its answer was streamed) and <c>histograms.hlog</c> (each side's histograms, tagged
/// <c>direct:LOAD:METRIC</c> and <c>via:LOAD:METRIC</c>; ITL's hold every gap, which the pairs' median
/// gaps cannot give back).
/// </summary>
public static class OverheadDirectory
{
    /// <summary>The report as <c>--json</c> prints it.</summary>
    public const string ReportFile = ResultsDirectory.OverheadReportFile;

    /// <summary>The report as Markdown.</summary>
    public const string MarkdownFile = "overhead.md";

    /// <summary>One row per measured pair.</summary>
    public const string PairsFile = "pairs.csv";

    // The last column: 1 where a pause of the harness may have delayed the pair (OverheadPair.Paused), else 0.
    private const string PausedColumn = "paused";

    private static readonly string[] s_sides = ["direct", "via"];

    // After the figures: 1 streamed, 0 came all at once, empty not judged (BufferedAnswers.Judge).
    private static readonly string[] s_streamedColumns = [.. s_sides.Select(side => $"{side}_streamed")];

    /// <summary>The first line of <see cref="PairsFile"/>.</summary>
    public static string PairsHeader { get; } =
        "pair,via_first,direct_outcome,via_outcome,"
        + string.Join(',', s_sides.SelectMany(side => OverheadSamples.Metrics.Select(m => $"{side}_{m}_ms")).Concat(s_streamedColumns).Append(PausedColumn));

    /// <summary>Writes the run's files into <paramref name="directory"/> (claimed by the caller), each atomically.</summary>
    public static void Write(string directory, OverheadSamples samples, OverheadReport report)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(report);
        var histograms = new HistogramSet();
        foreach (var side in new[] { samples.Direct, samples.Via })
        {
            foreach (string metric in OverheadSamples.Metrics)
            {
                histograms.Get(side.Name, samples.LoadPoint, metric).Add(side.Histogram(metric));
            }
        }

        AtomicFile.Write(Path.Combine(directory, ResultsDirectory.HistogramsFile), s => histograms.Save(s, DateTime.UtcNow - samples.Elapsed));
        AtomicFile.WriteText(Path.Combine(directory, PairsFile), PairsCsv(samples.PairRecords));
        AtomicFile.WriteText(Path.Combine(directory, MarkdownFile), OverheadMarkdown.Render(report));
        AtomicFile.WriteText(Path.Combine(directory, ReportFile), JsonSerializer.Serialize(report, ResultsDirectory.JsonOptions));
    }

    /// <summary>
    /// Reads a saved run: its samples, as <see cref="OverheadAnalysis.Analyse"/> takes them, and the
    /// report it printed. A missing or damaged file is an <see cref="InvalidDataException"/> naming it.
    /// </summary>
    public static (OverheadSamples Samples, OverheadReport Saved) Read(string directory)
    {
        string reportPath = Path.Combine(directory, ReportFile);
        if (!File.Exists(reportPath))
        {
            throw new InvalidDataException($"{directory}: not an overhead run (no {ReportFile})");
        }

        OverheadReport saved;
        try
        {
            saved = JsonSerializer.Deserialize<OverheadReport>(File.ReadAllText(reportPath), ResultsDirectory.JsonOptions)
                ?? throw new InvalidDataException($"{reportPath}: not an overhead report (null)");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{reportPath}: not an overhead report ({JsonProblem.Describe(ex)})", ex);
        }

        if (!TransportNames.TryParse(saved.Transport, out var transport))
        {
            throw new InvalidDataException($"{reportPath}: unknown transport '{saved.Transport}'");
        }

        string pairsPath = Path.Combine(directory, PairsFile);
        string histogramsPath = Path.Combine(directory, ResultsDirectory.HistogramsFile);
        foreach (string path in new[] { pairsPath, histogramsPath })
        {
            if (!File.Exists(path))
            {
                throw new InvalidDataException($"{path}: missing: the run cannot be judged again without it");
            }
        }

        var pairs = ReadPairs(pairsPath);
        if (pairs.Count != saved.Pairs)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{pairsPath}: {Plural.Of(pairs.Count, "pair")}, but {ReportFile} counts {saved.Pairs}"));
        }

        var histograms = ResultsDirectory.ReadHistograms(histogramsPath);
        var samples = OverheadSamples.Restore(
            transport, saved.LoadPoint, saved.Connections == "cold", pairs,
            (side, metric) => histograms.Find(HistogramSet.TagOf(side, saved.LoadPoint, metric)),
            Seconds(saved.DurationSeconds), saved.Partial, saved.SkippedPairs, saved.Pauses, saved.PairsDelayed, saved.Resolution, saved.StoppedBecause, saved.GapsWidened);
        // A histogram cut short (a copy stopped part-way, a line lost) would judge fewer values than
        // the run printed: the counts must be the report's, metric by metric.
        foreach (var metric in saved.Metrics)
        {
            foreach (var (side, expected) in new[] { (samples.Direct, metric.DirectCount), (samples.Via, metric.ViaCount) })
            {
                long held = OverheadSamples.Metrics.Contains(metric.Metric) ? side.Histogram(metric.Metric).TotalCount
                    : throw new InvalidDataException($"{reportPath}: unknown metric '{metric.Metric}'");
                if (held != expected)
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{histogramsPath}: {HistogramSet.TagOf(side.Name, saved.LoadPoint, metric.Metric)} holds {held} values but {ReportFile} says {expected}"));
                }
            }
        }

        // The first outcome whose counts differ, in ordinal order so the same files name the same one;
        // an outcome one file lacks is counted 0 there.
        foreach (var (side, outcomes) in new[] { (samples.Direct, saved.DirectOutcomes), (samples.Via, saved.ViaOutcomes) })
        {
            var inPairs = side.Outcomes;
            if (inPairs.Keys.Union(outcomes.Keys).Order(StringComparer.Ordinal).FirstOrDefault(o => inPairs.GetValueOrDefault(o) != outcomes.GetValueOrDefault(o)) is { } outcome)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{pairsPath}: {Plural.Of(inPairs.GetValueOrDefault(outcome), $"{side.Name} request")} ended {outcome}, but {ReportFile} counts {outcomes.GetValueOrDefault(outcome)}"));
            }
        }

        // Per-side outcomes can agree while the pairs do not (a failure moved to another pair), and
        // the order and paired columns count nowhere else: each count the report printed must be the
        // pairs', or a run judged again would print another report than its own.
        var counts = new List<(string What, long InPairs, long InReport)>
        {
            ("pairs through the relay first", samples.ViaFirstPairs, saved.ViaFirstPairs),
            ("pairs the relay alone failed", samples.ViaOnlyFailures, saved.ViaOnlyFailures),
            ("pairs the direct request alone failed", samples.DirectOnlyFailures, saved.DirectOnlyFailures),
            ("pairs both failed", samples.BothFailed, saved.BothFailed),
        };
        counts.AddRange(saved.Metrics.Select(m => ($"pairs with {m.Metric} on both sides", (long)samples.PairedDifferences(m.Metric).Count, m.Paired.Pairs)));
        if (pairs.Exists(p => p.Paused))
        {
            // A file from before pairs were marked marks none; one that marks any must mark the report's count.
            counts.Add(("pairs a pause of the harness may have delayed", pairs.Count(p => p.Paused), saved.PairsDelayed));
        }

        if (counts.FirstOrDefault(c => c.InPairs != c.InReport) is { What: not null } differing)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{pairsPath}: {differing.InPairs} {differing.What}, but {ReportFile} counts {differing.InReport}"));
        }

        // A report saved before answers were judged counts none, as its pairs.csv judges none.
        foreach (var (side, judged, buffered) in new[] { (samples.Direct, saved.DirectJudgedStreams, saved.DirectBufferedStreams), (samples.Via, saved.ViaJudgedStreams, saved.ViaBufferedStreams) })
        {
            if (side.JudgedStreams != judged || side.BufferedStreams != buffered)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{pairsPath}: {side.BufferedStreams} of {side.JudgedStreams} {side.Name} answers came all at once, but {ReportFile} says {buffered} of {judged}"));
            }
        }

        return (samples, saved);
    }

    // Rounded to the tick: TimeSpan.FromSeconds truncates, so 1.6042632 s would read back as 1.6042631
    // and a run judged again would not print the report it saved.
    private static TimeSpan Seconds(double seconds) => TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));

    private static string PairsCsv(IReadOnlyList<OverheadPair> pairs)
    {
        var csv = new StringBuilder(PairsHeader).Append('\n');
        for (int i = 0; i < pairs.Count; i++)
        {
            var p = pairs[i];
            csv.Append(CultureInfo.InvariantCulture, $"{i + 1},{(p.ViaFirst ? 1 : 0)},{p.DirectOutcomeText},{p.ViaOutcomeText}");
            foreach (double value in p.Direct.Concat(p.Via))
            {
                // "R": the figures read back are the ones recorded, so a re-judged run gives the same pairs.
                csv.Append(',').Append(double.IsNaN(value) ? string.Empty : value.ToString("R", CultureInfo.InvariantCulture));
            }

            csv.Append(',').Append(Streamed(p.DirectStreamed)).Append(',').Append(Streamed(p.ViaStreamed));
            csv.Append(',').Append(p.Paused ? '1' : '0');

            csv.Append('\n');
        }

        return csv.ToString();
    }

    private static string Streamed(bool? streamed) => streamed switch { true => "1", false => "0", null => string.Empty };

    private static List<OverheadPair> ReadPairs(string path)
    {
        var pairs = new List<OverheadPair>();
        int metrics = OverheadSamples.Metrics.Count;
        int[] columns = []; // per side and metric (OverheadSamples.Metrics order), per side streamed, then paused, its cell; -1 when the file has none
        int width = 0;
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (lineNumber == 1)
            {
                columns = Columns(line, path);
                width = line.Split(',').Length;
                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            string[] cells = line.Split(',');
            if (cells.Length != width)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path}:{lineNumber}: {cells.Length} cells, not {width}"));
            }

            if (cells[1] is not ("0" or "1") || !OutcomeNames.TryParseDescribed(cells[2], out RequestOutcome direct) || !OutcomeNames.TryParseDescribed(cells[3], out RequestOutcome via))
            {
                throw new InvalidDataException($"{path}:{lineNumber}: not a pair (order 0/1 and two outcome names)");
            }

            double Cell(int index) => index < 0 || cells[index].Length == 0 ? double.NaN
                : double.TryParse(cells[index], NumberStyles.Float, CultureInfo.InvariantCulture, out double ms) && double.IsFinite(ms) && ms >= 0 ? ms
                : throw new InvalidDataException($"{path}:{lineNumber}: '{cells[index]}' is not a time in ms");
            bool? Judged(int index) => index < 0 ? null : cells[index] switch
            {
                "1" => true,
                "0" => false,
                "" => null,
                var other => throw new InvalidDataException($"{path}:{lineNumber}: '{other}' is not a streamed judgement (1, 0 or empty)"),
            };
            pairs.Add(new OverheadPair(
                cells[1] == "1",
                direct,
                via,
                [.. columns[..metrics].Select(Cell)],
                [.. columns[metrics..(2 * metrics)].Select(Cell)])
            {
                DirectOutcomeText = cells[2],
                ViaOutcomeText = cells[3],
                DirectStreamed = Judged(columns[2 * metrics]),
                ViaStreamed = Judged(columns[(2 * metrics) + 1]),
                Paused = columns[(2 * metrics) + 2] >= 0 && cells[columns[(2 * metrics) + 2]] switch
                {
                    "1" => true,
                    "0" => false,
                    var other => throw new InvalidDataException($"{path}:{lineNumber}: '{other}' is not a paused mark (1 or 0)"),
                },
            });
        }

        if (lineNumber == 0)
        {
            throw new InvalidDataException($"{path}: empty");
        }

        return pairs;
    }

    /// <summary>
    /// Where each side's metric is in a pairs.csv by <paramref name="header"/>: every column this
    /// harness writes, in any order; one an earlier version did not write yet (arrival, the streamed
    /// judgements, paused) is absent, its figures NaN, its answers not judged and its pairs not
    /// marked paused, so an earlier run is still judged again. An unknown column is refused.
    /// </summary>
    private static int[] Columns(string header, string path)
    {
        string[] names = header.Split(',');
        string[] fixedNames = ["pair", "via_first", "direct_outcome", "via_outcome"];
        if (names.Length < fixedNames.Length || !names[..fixedNames.Length].SequenceEqual(fixedNames))
        {
            throw new InvalidDataException($"{path}:1: not the header this harness writes (another version, or not its file)");
        }

        var wanted = s_sides.SelectMany(side => OverheadSamples.Metrics.Select(m => $"{side}_{m}_ms")).Concat(s_streamedColumns).Append(PausedColumn).ToList();
        int[] columns = [.. Enumerable.Repeat(-1, wanted.Count)];
        for (int i = fixedNames.Length; i < names.Length; i++)
        {
            int at = wanted.IndexOf(names[i]);
            if (at < 0 || columns[at] >= 0)
            {
                throw new InvalidDataException($"{path}:1: column '{names[i]}' is {(at < 0 ? "not one this harness writes" : "given twice")}");
            }

            columns[at] = i;
        }

        return columns;
    }
}
