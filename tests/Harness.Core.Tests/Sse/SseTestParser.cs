using System.Text;
using Harness.Core.Sse;

namespace Harness.Core.Tests.Sse;

/// <summary>What a test observes after reading a whole input.</summary>
public sealed record ParseOutcome(List<SseEvent> Events, string LastEventId, TimeSpan? ReconnectionTime);

/// <summary>Runs the reader over an input in a given <see cref="ReadMode"/> and collects what it dispatched.</summary>
public static class SseTestParser
{
    public static readonly ReadMode[] AllModes = Enum.GetValues<ReadMode>();

    public static readonly string[] LineEnds = ["\n", "\r\n", "\r"];

    /// <summary>Every line end crossed with every read mode.</summary>
    public static TheoryData<string, ReadMode> EndsAndModes()
    {
        var data = new TheoryData<string, ReadMode>();
        foreach (var end in LineEnds)
        {
            foreach (var mode in AllModes)
            {
                data.Add(end, mode);
            }
        }

        return data;
    }

    /// <summary>Rewrites an input written with LF line ends to use <paramref name="lineEnd"/>.</summary>
    public static byte[] WithLineEnds(string lfInput, string lineEnd) =>
        Encoding.UTF8.GetBytes(lfInput.Replace("\n", lineEnd, StringComparison.Ordinal));

    /// <summary>Same, for inputs with bytes that are not valid UTF-8.</summary>
    public static byte[] WithLineEnds(byte[] lfInput, string lineEnd)
    {
        var output = new List<byte>(lfInput.Length * 2);
        foreach (byte b in lfInput)
        {
            if (b == (byte)'\n')
            {
                output.AddRange(Encoding.ASCII.GetBytes(lineEnd));
            }
            else
            {
                output.Add(b);
            }
        }

        return output.ToArray();
    }

    public static ParseOutcome Parse(byte[] input, ReadMode mode, SseReaderOptions? options = null) =>
        ParseAsync(input, mode, options).GetAwaiter().GetResult();

    public static async Task<ParseOutcome> ParseAsync(byte[] input, ReadMode mode, SseReaderOptions? options = null)
    {
        var events = new List<SseEvent>();
        TrickleStream? stream = mode switch
        {
            ReadMode.Memory or ReadMode.MemoryAtOffset or ReadMode.MemoryWithoutArray => null,
            ReadMode.StreamSync or ReadMode.StreamAsync => new TrickleStream(input, int.MaxValue),
            ReadMode.TrickleSync or ReadMode.TrickleAsync => new TrickleStream(input, 1),
            ReadMode.Chunks7Async => new TrickleStream(input, 7),
            _ => throw new ArgumentOutOfRangeException(nameof(mode)),
        };

        using var withoutArray = mode == ReadMode.MemoryWithoutArray ? new ArrayFreeMemory(input) : null;
        using var reader = mode switch
        {
            ReadMode.Memory => new SseReader(input, options),
            ReadMode.MemoryAtOffset => new SseReader(AtOffset(input), options),
            ReadMode.MemoryWithoutArray => new SseReader(withoutArray!.Memory, options),
            _ => new SseReader(stream!, options),
        };
        bool async = mode is ReadMode.StreamAsync or ReadMode.TrickleAsync or ReadMode.Chunks7Async;
        while (async ? await reader.ReadAsync() : reader.Read())
        {
            events.Add(reader.ToEvent());
        }

        if (stream is not null)
        {
            // Each mode must really have used the path it names.
            Assert.Equal(async, stream.AsyncReads > 0);
            Assert.Equal(!async, stream.SyncReads > 0);
        }

        return new ParseOutcome(events, reader.LastEventId, reader.ReconnectionTime);
    }

    /// <summary><paramref name="input"/> inside a larger array, between bytes that would parse if read.</summary>
    private static ReadOnlyMemory<byte> AtOffset(byte[] input)
    {
        var padding = "data: x\n\n"u8;
        var array = new byte[padding.Length + input.Length + padding.Length];
        padding.CopyTo(array);
        input.CopyTo(array, padding.Length);
        padding.CopyTo(array.AsSpan(padding.Length + input.Length));
        return array.AsMemory(padding.Length, input.Length);
    }
}
