using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Harness.Load.Results;

namespace Harness.Load.Tests.Results;

/// <summary>
/// <c>histograms.hlog</c> is plain ASCII and readable by an HdrHistogram implementation that is not
/// HdrHistogram.NET: hdr-histogram-js under node (installed by <c>.ci/run</c> into
/// <c>Results/hdrjs/node_modules</c>).
/// </summary>
public sealed class HistogramLogTextTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("harness-hlog-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static HistogramSet Sample()
    {
        var set = new HistogramSet();
        var random = new Random(11);
        for (int i = 0; i < 5000; i++)
        {
            HistogramSet.Record(set.Get("sse", "c10", MetricNames.Ttft), TimeSpan.FromMicroseconds(random.Next(50_000, 250_000)));
            HistogramSet.Record(set.Get("ws", "r20", MetricNames.Itl), TimeSpan.FromMicroseconds(random.Next(1, 40_000)));
        }

        HistogramSet.Record(set.Get("sse-h2", "c1", MetricNames.EndToEnd), TimeSpan.FromHours(2)); // clamped to the top
        return set;
    }

    private string Save(HistogramSet set)
    {
        string path = Path.Combine(_dir, ResultsDirectory.HistogramsFile);
        using var stream = File.Create(path);
        set.Save(stream, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        return path;
    }

    [Fact]
    public void Save_WritesPlainAsciiWithoutByteOrderMark()
    {
        byte[] bytes = File.ReadAllBytes(Save(Sample()));
        Assert.True(bytes.Length > 100);
        Assert.NotEqual(0xFF, bytes[0]);
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.All(bytes, b => Assert.True(b is >= 0x20 and < 0x7F or (byte)'\n', $"byte 0x{b:x2} is not printable ASCII"));
        Assert.StartsWith("#[Histogram log format version 1.3]\n", Encoding.ASCII.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Save_ThenLoad_SameCountsAndPercentiles()
    {
        var set = Sample();
        string path = Save(set);
        using var stream = File.OpenRead(path);
        var loaded = HistogramSet.Load(stream);
        foreach (string tag in set.Tags)
        {
            var (a, b) = (set.Find(tag)!, loaded.Find(tag)!);
            Assert.Equal(a.TotalCount, b.TotalCount);
            Assert.Equal(a.GetValueAtPercentile(99.9), b.GetValueAtPercentile(99.9));
        }
    }

    [Fact]
    public async Task HdrHistogramJs_ReadsTheLog_SameCountsAndPercentiles()
    {
        var set = Sample();
        string path = Save(set);
        string folder = Path.Combine(RepositoryRoot.Path, "tests", "Harness.Load.Tests", "Results", "hdrjs");
        Assert.True(
            Directory.Exists(Path.Combine(folder, "node_modules", "hdr-histogram-js")),
            $"hdr-histogram-js is not installed: run 'npm ci --prefix tests/Harness.Load.Tests/Results/hdrjs' (as .ci/run does), then rebuild");
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        info.ArgumentList.Add("read-hlog.js");
        info.ArgumentList.Add(path);
        using var node = Process.Start(info)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await node.WaitForExitAsync(timeout.Token);
        Assert.True(node.ExitCode == 0, "node read-hlog.js failed: " + await stderr);

        using var json = JsonDocument.Parse(await stdout);
        var tags = json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        Assert.Equal(set.Tags.Where(t => set.Find(t)!.TotalCount > 0).Order(), tags.Keys.Order());
        foreach (var (tag, read) in tags)
        {
            var mine = set.Find(tag)!;
            Assert.Equal(mine.TotalCount, read.GetProperty("count").GetInt64());
            Assert.Equal(mine.GetValueAtPercentile(50), read.GetProperty("p50").GetInt64());
            Assert.Equal(mine.GetValueAtPercentile(90), read.GetProperty("p90").GetInt64());
            Assert.Equal(mine.GetValueAtPercentile(99), read.GetProperty("p99").GetInt64());
            Assert.Equal(mine.GetValueAtPercentile(100), read.GetProperty("p100").GetInt64());
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("#[Histogram log format version 1.3]\nTag=a:b:c,0.000,0.000,0.001,HISTFAAAA")]
    [InlineData("Tag=a:b:c,0.000,0.000,0.001,not base64!")]
    [InlineData("0.000,0.000,0.001,HISTFAAAACh4nJNpmSzMwMDAwgABzFCaEUzOmNZg/wEi")]
    public void Load_BadText_InvalidDataExceptionOrEmpty(string text)
    {
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes(text));
        var ex = Record.Exception(() => HistogramSet.Load(stream));
        Assert.True(ex is null or InvalidDataException, $"{ex?.GetType().Name}: {ex?.Message}");
    }

    [Fact]
    public void Load_TruncatedLog_InvalidDataException()
    {
        byte[] bytes = File.ReadAllBytes(Save(Sample()));
        using var stream = new MemoryStream(bytes, 0, bytes.Length - 40);
        Assert.Throws<InvalidDataException>(() => HistogramSet.Load(stream));
    }

    [Fact]
    public void Load_OneHistogramThatDoesNotDecode_SaysWhichNotTheLibrarysWords()
    {
        string path = Save(Sample());
        string[] lines = File.ReadAllLines(path);
        lines[^2] = lines[^2][..^20] + "*" + lines[^2][^19..]; // an edit: no longer base64
        File.WriteAllLines(path, lines);
        using var stream = File.OpenRead(path);
        var ex = Assert.Throws<InvalidDataException>(() => HistogramSet.Load(stream));
        Assert.Equal("not a readable HdrHistogram log: histogram 2, after sse-h2:c1:e2e, does not decode (truncated, edited, or not such a log)", ex.Message);
        Assert.NotNull(ex.InnerException); // --verbose shows the library's own
    }
}
