using Harness.Load;
using Harness.Load.Results;

namespace Harness.Cli.Tests;

/// <summary>
/// A small, valid results directory (written by the production writer), and the ways the outside
/// world breaks one: each corruption the verbs reading results must turn into one line and exit 2.
/// </summary>
internal static class BadResultsDirectory
{
    /// <summary>Corruptions of results.json and histograms.hlog, which every reader of results reads.</summary>
    public static TheoryData<string> SummaryCorruptions { get; } =
    [
        "results-open-brace", "results-empty-object", "results-array", "results-empty-file", "results-not-utf8", "results-newer-schema",
        "hlog-truncated", "hlog-empty", "hlog-garbage", "hlog-bad-payload", "hlog-missing", "hlog-utf16-foreign-counts", "no-results",
    ];

    /// <summary>Every corruption, the per-second series included (merge adds it up; report reads it leniently for charts).</summary>
    public static TheoryData<string> Corruptions { get; } =
    [
        "results-open-brace", "results-empty-object", "results-array", "results-empty-file", "results-not-utf8", "results-newer-schema",
        "hlog-truncated", "hlog-empty", "hlog-garbage", "hlog-bad-payload", "hlog-missing", "hlog-utf16-foreign-counts", "no-results", "timeseries-bad-row",
    ];

    public static string WriteValid(string dir, string agent = "1/1", DateTimeOffset? measuredFrom = null)
    {
        var histograms = new HistogramSet();
        var ttft = histograms.Get("sse", "c1", MetricNames.Ttft);
        for (int i = 0; i < 30; i++)
        {
            HistogramSet.Record(ttft, TimeSpan.FromMilliseconds(80 + i));
        }

        var results = new RunResults
        {
            Name = "bad-input",
            Model = "fake",
            StartedUtc = measuredFrom ?? default,
            EndedUtc = measuredFrom?.AddSeconds(30) ?? default,
            Agents = [agent],
            Series =
            [
                new SeriesResult
                {
                    Transport = "sse",
                    LoadPoint = "c1",
                    Requests = 30,
                    Outcomes = new() { ["ok"] = 30 },
                    Metrics = new() { [MetricNames.Ttft] = HistogramSet.Summarize(ttft, MetricNames.Ttft) },
                },
            ],
        };
        ResultsFiles.Write(dir, results, histograms, [new TimeSeriesRow { Transport = "sse", LoadPoint = "c1", Started = 30, Finished = 30 }], []);
        return dir;
    }

    /// <summary>Writes a valid directory, breaks it as <paramref name="corruption"/> says, and returns it.</summary>
    public static string Write(string dir, string corruption, string agent = "1/1")
    {
        WriteValid(dir, agent);
        string results = Path.Combine(dir, ResultsDirectory.ResultsFile);
        string hlog = Path.Combine(dir, ResultsDirectory.HistogramsFile);
        switch (corruption)
        {
            case "results-open-brace": File.WriteAllText(results, "{"); break;
            case "results-empty-object": File.WriteAllText(results, "{}"); break;
            case "results-array": File.WriteAllText(results, "[1,2]"); break;
            case "results-empty-file": File.WriteAllText(results, string.Empty); break;
            case "results-newer-schema": File.WriteAllText(results, File.ReadAllText(results).Replace("\"schemaVersion\": 1,", "\"schemaVersion\": 999,", StringComparison.Ordinal)); break;
            case "results-not-utf8": File.WriteAllBytes(results, [0xFF, 0xFE, 0x00, 0xD8, 0x7B]); break;
            case "hlog-truncated":
                byte[] bytes = File.ReadAllBytes(hlog);
                File.WriteAllBytes(hlog, bytes[..(bytes.Length - 30)]);
                break;
            case "hlog-empty": File.WriteAllText(hlog, string.Empty); break;
            case "hlog-garbage": File.WriteAllText(hlog, "Tag=sse:c1:ttft,0,0,0,HISTFAAAAnotbase64\n"); break;
            case "hlog-bad-payload":
                // Valid base64 of the wrong bytes: the histogram's header decodes, its counts do not.
                string[] lines = File.ReadAllLines(hlog);
                lines[^1] = lines[^1][..^24] + new string('A', 24);
                File.WriteAllLines(hlog, lines);
                break;
            case "hlog-missing": File.Delete(hlog); break;
            case "hlog-utf16-foreign-counts":
                // A valid log in the old UTF-16 form, but of another run: counts disagree with results.json.
                var other = new HistogramSet();
                HistogramSet.Record(other.Get("sse", "c1", MetricNames.Ttft), TimeSpan.FromMilliseconds(5));
                using (var stream = new MemoryStream())
                {
                    other.Save(stream, DateTime.UtcNow);
                    File.WriteAllText(hlog, System.Text.Encoding.ASCII.GetString(stream.ToArray()), System.Text.Encoding.Unicode);
                }

                break;
            case "timeseries-bad-row": File.AppendAllText(Path.Combine(dir, ResultsDirectory.TimeSeriesFile), "1,sse,c1,9999999999999999999999\n"); break;
            case "no-results": File.Delete(results); break;
            default: throw new ArgumentOutOfRangeException(nameof(corruption), corruption, null);
        }

        return dir;
    }

    /// <summary>The promise for every such case: exit 2, one line on stderr naming a path, no stack trace.</summary>
    public static void AssertOneLine(int code, string error, string names)
    {
        Assert.Equal(ExitCodes.Usage, code);
        var lines = error.Trim().Split('\n');
        Assert.True(lines.Length == 1, "more than one line: " + error);
        Assert.StartsWith("harness: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(names, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);

        // Nor the runtime's wording for what it hit: .NET types, System.Text.Json's positions.
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Offset and length", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Harness.", error, StringComparison.Ordinal);
    }
}
