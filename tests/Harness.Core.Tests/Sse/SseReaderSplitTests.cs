using System.Text;
using Harness.Core.Sse;

namespace Harness.Core.Tests.Sse;

/// <summary>
/// The same events whatever the read sizes: every split point of a multi-event input, and every
/// fixed read size from 1 byte to the whole input.
/// </summary>
public sealed class SseReaderSplitTests
{
    // Exercises every rule at once: BOM, comments, CR/LF/CRLF mixed, multi-line data, ids, types,
    // an id with NUL, retry, a no-data event and an unterminated tail.
    private static readonly byte[] s_input = Encoding.UTF8.GetBytes(
        "\uFEFF: hello\r\nid: 1\revent: a\ndata: one\r\ndata:two\n\n" +
        "data: สาม 👋\r\r" +
        "event: skipped\nid: 2\n\n" +
        "retry: 1500\ndata\r\n\r\n" +
        "id: bad\u0000id\ndata: four\n:c\r\ndata:  five\r\r\n" +
        "data: tail-without-blank-line\n");

    private static readonly SseEvent[] s_expected =
    [
        new("a", "one\ntwo", "1"),
        new("message", "สาม 👋", "1"),
        new("message", "", "2"),
        new("message", "four\n five", "2"),
    ];

    [Fact]
    public void Parse_WholeInput_GivesTheExpectedEvents() =>
        Assert.Equal(s_expected, SseTestParser.Parse(s_input, ReadMode.Memory).Events);

    [Fact]
    public void Parse_EveryTwoWaySplit_SameEvents()
    {
        for (int split = 0; split <= s_input.Length; split++)
        {
            using var reader = new SseReader(new ChunkedStream(s_input, [split]));
            Assert.Equal(s_expected, ReadAll(reader));
        }
    }

    [Fact]
    public void Parse_EveryReadSize_SameEvents()
    {
        for (int size = 1; size <= s_input.Length; size++)
        {
            using var reader = new SseReader(new TrickleStream(s_input, size), new SseReaderOptions { ReadBufferSize = Math.Max(1, size) });
            var events = ReadAll(reader);
            Assert.True(s_expected.SequenceEqual(events), $"read size {size}");
            Assert.Equal(TimeSpan.FromMilliseconds(1500), reader.ReconnectionTime);
        }
    }

    [Fact]
    public async Task Parse_EveryReadSize_Async_SameEvents()
    {
        for (int size = 1; size <= s_input.Length; size += 3)
        {
            var stream = new TrickleStream(s_input, size);
            using var reader = new SseReader(stream, new SseReaderOptions { ReadBufferSize = 8 });
            var events = new List<SseEvent>();
            while (await reader.ReadAsync())
            {
                events.Add(reader.ToEvent());
            }

            Assert.True(s_expected.SequenceEqual(events), $"read size {size}");
            Assert.Equal(0, stream.SyncReads);
        }
    }

    private static List<SseEvent> ReadAll(SseReader reader)
    {
        var events = new List<SseEvent>();
        while (reader.Read())
        {
            events.Add(reader.ToEvent());
        }

        return events;
    }

    /// <summary>Hands out the input cut at the given offsets.</summary>
    private sealed class ChunkedStream(byte[] bytes, int[] cuts) : MemoryStream
    {
        private int _position;
        private int _nextCut;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int limit = _nextCut < cuts.Length ? cuts[_nextCut] : bytes.Length;
            if (_position >= limit && _nextCut < cuts.Length)
            {
                _nextCut++;
                limit = _nextCut < cuts.Length ? cuts[_nextCut] : bytes.Length;
            }

            int n = Math.Min(buffer.Length, limit - _position);
            bytes.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }
    }
}
