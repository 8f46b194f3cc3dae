using System.Net.ServerSentEvents;
using System.Text;
using BenchmarkDotNet.Attributes;
using Harness.Benchmarks.Corpora;
using Harness.Core.Sse;

namespace Harness.Benchmarks.Sse;

/// <summary>
/// Parsing a whole event stream, one operation per corpus: the harness's <see cref="SseReader"/>
/// (stream and memory paths); System.Net.ServerSentEvents' <see cref="SseParser"/> with a
/// byte-level item parser (the reference) and with string data (typical use); naive
/// <see cref="StreamReader.ReadLine()"/> sample code; and two lower bounds that only find line
/// ends (over the same reads, and over the bytes in memory). Every method returns a checksum so no
/// work is dead code.
/// </summary>
[BenchmarkCategory(Categories.Sse)]
[MemoryDiagnoser]
public class SseParsingBenchmarks
{
    private const int ScanBufferSize = 4096;

    private static readonly SseReaderOptions s_options = new() { LeaveOpen = true, ReadBufferSize = ScanBufferSize };

    private byte[] _bytes = [];
    private ChunkedReadStream _stream = null!;
    private byte[] _scanBuffer = [];

    /// <summary>The corpus parsed.</summary>
    [Params(SseCorpusKind.OpenAi, SseCorpusKind.OpenAiCrlf, SseCorpusKind.LongMultiLine, SseCorpusKind.KeepAliveHeavy)]
    public SseCorpusKind Corpus { get; set; }

    /// <summary>The most bytes one stream read returns: 1B, 64B, 4KiB or whole.</summary>
    [Params("1B", "64B", "4KiB", "whole")]
    public string ReadSize { get; set; } = "4KiB";

    /// <summary>Builds the corpus and the stream.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _bytes = SseCorpus.Create(Corpus);
        _stream = new ChunkedReadStream(_bytes, ParseReadSize(ReadSize));
        _scanBuffer = new byte[ScanBufferSize];
    }

    /// <summary>Maps a <see cref="ReadSize"/> label to a byte count (0: the whole stream).</summary>
    public static int ParseReadSize(string label) => label switch
    {
        "1B" => 1,
        "64B" => 64,
        "4KiB" => 4096,
        "whole" => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(label), label, "expected 1B, 64B, 4KiB or whole"),
    };

    /// <summary>
    /// The reference: System.Net.ServerSentEvents' synchronous parser with a byte-level item parser
    /// (the data's length, no string), its fastest honest use.
    /// </summary>
    [Benchmark(Baseline = true)]
    public long SseParser_Bytes()
    {
        _stream.Reset();
        long sum = 0;
        foreach (var item in SseParser.Create(_stream, static (_, data) => data.Length).Enumerate())
        {
            sum += item.Data;
        }

        return sum;
    }

    /// <summary>Typical use of System.Net.ServerSentEvents: the synchronous parser with string data.</summary>
    [Benchmark]
    public long SseParser_Sync()
    {
        _stream.Reset();
        long sum = 0;
        foreach (var item in SseParser.Create(_stream).Enumerate())
        {
            sum += item.Data.Length;
        }

        return sum;
    }

    /// <summary>The harness's <see cref="SseReader"/> over the stream (sync path).</summary>
    [Benchmark]
    public long Harness_Sync()
    {
        _stream.Reset();
        using var reader = new SseReader(_stream, s_options);
        long sum = 0;
        while (reader.Read())
        {
            sum += reader.Data.Length;
        }

        return sum;
    }

    /// <summary>The harness's <see cref="SseReader"/> over the bytes in memory (no stream).</summary>
    [Benchmark]
    public long Harness_Memory()
    {
        using var reader = new SseReader(_bytes.AsMemory(), s_options);
        long sum = 0;
        while (reader.Read())
        {
            sum += reader.Data.Length;
        }

        return sum;
    }

    /// <summary>Typical sample code: <see cref="StreamReader.ReadLine()"/> and <c>StartsWith("data: ")</c>.</summary>
    [Benchmark]
    public long NaiveReadLine()
    {
        _stream.Reset();
        using var text = new StreamReader(_stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: ScanBufferSize, leaveOpen: true);
        long sum = 0;
        string? line;
        while ((line = text.ReadLine()) is not null)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                sum += line.Substring(6).Length;
            }
        }

        return sum;
    }

    /// <summary>
    /// The lower bound: the same reads into a 4 KiB buffer and a vectorised search for line ends,
    /// with no field handling at all. No correct parser can do less.
    /// </summary>
    [Benchmark]
    public long ScanBound()
    {
        _stream.Reset();
        long lineEnds = 0;
        int n;
        while ((n = _stream.Read(_scanBuffer)) > 0)
        {
            var span = _scanBuffer.AsSpan(0, n);
            int found;
            while ((found = span.IndexOfAny((byte)'\r', (byte)'\n')) >= 0)
            {
                lineEnds++;
                span = span[(found + 1)..];
            }
        }

        return lineEnds;
    }

    /// <summary>
    /// The lower bound for <see cref="Harness_Memory"/>: the vectorised search for line ends over
    /// the bytes in memory, no reads and no field handling.
    /// </summary>
    [Benchmark]
    public long ScanBound_Memory()
    {
        var span = _bytes.AsSpan();
        long lineEnds = 0;
        int found;
        while ((found = span.IndexOfAny((byte)'\r', (byte)'\n')) >= 0)
        {
            lineEnds++;
            span = span[(found + 1)..];
        }

        return lineEnds;
    }
}
