using System.Text;
using Harness.Core.Sse;

namespace Harness.Core.Tests.Sse;

/// <summary>
/// A further data line of a multi-line event, a vector long or more, takes the reader's one-pass
/// copy: at every size around the event limit the reader dispatches or throws as the limit says,
/// over every line ending and read size.
/// </summary>
public sealed class SseReaderDataLinesTests
{
    [Theory]
    [InlineData("\n", 0)]
    [InlineData("\r\n", 0)]
    [InlineData("\r", 0)]
    [InlineData("\n", 1)]
    [InlineData("\r\n", 7)]
    [InlineData("\r", 64)]
    [InlineData("\r\n", 4096)]
    public void SizesAroundTheLimit_DispatchOrThrow_AsTheLimitSays(string end, int readSize)
    {
        foreach (int first in new[] { 0, 1, 31, 32, 40 })
        {
            foreach (int second in new[] { 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257 })
            {
                foreach (int max in new[] { 38, 40, 64, 70, 71, 72, 73, 100, 110, 134, 135, 168, 169, 170, 262, 263, 297, 298, 299 })
                {
                    string a = new('a', first);
                    string b = new('b', second);
                    var bytes = Encoding.UTF8.GetBytes($"data: {a}{end}data: {b}{end}{end}data: z{end}{end}");

                    // A line may not pass the limit, nor may the event's data (the lines joined by LF).
                    bool fits = 6 + first <= max && 6 + second <= max && first + 1 + second <= max;
                    var events = new List<string>();
                    var options = new SseReaderOptions { MaxEventSize = max, ReadBufferSize = readSize == 0 ? 4096 : readSize };
                    using var reader = readSize == 0 ? new SseReader(bytes, options) : new SseReader(new TrickleStream(bytes, readSize), options);
                    string where = $"first {first}, second {second}, limit {max}";
                    if (fits)
                    {
                        while (reader.Read())
                        {
                            events.Add(reader.GetDataString());
                        }

                        Assert.True(events.SequenceEqual([$"{a}\n{b}", "z"]), where);
                    }
                    else
                    {
                        Assert.Throws<SseEventTooLargeException>(() =>
                        {
                            while (reader.Read())
                            {
                                events.Add(reader.GetDataString());
                            }
                        });
                        Assert.True(events.Count == 0, where);
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void EveryValueLength_UpToPastTwoBlocks_IsJoinedWhole(string end)
    {
        // Line ends at every byte of the four-vector block the copy tests at once, of the block
        // after it and of the vector-by-vector rest; each value byte differs from its neighbour. The
        // comment after the events keeps a whole block buffered past every line.
        string padding = $": {new string('p', 300)}{end}";
        for (int length = 0; length <= 300; length++)
        {
            string value = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + (i % 26))));
            var bytes = Encoding.UTF8.GetBytes($"data: x{end}data: {value}{end}data: y{end}{end}data: z{end}{end}{padding}");
            using var reader = new SseReader(bytes);
            Assert.True(reader.Read());
            Assert.Equal($"x\n{value}\ny", reader.GetDataString());
            Assert.True(reader.Read());
            Assert.Equal("z", reader.GetDataString());
            Assert.False(reader.Read());
        }
    }

    [Fact]
    public void ManyLongDataLines_JoinedWithLf_AcrossReads()
    {
        var lines = Enumerable.Range(0, 24).Select(i => new string((char)('a' + i), 40 + (i * 5))).ToArray();
        var bytes = Encoding.UTF8.GetBytes("event: document\nid: 1\n" + string.Concat(lines.Select(l => $"data: {l}\n")) + "\n");
        foreach (int readSize in new[] { 1, 33, 100, 4096 })
        {
            using var reader = new SseReader(new TrickleStream(bytes, readSize));
            Assert.True(reader.Read());
            Assert.Equal(string.Join('\n', lines), reader.GetDataString());
            Assert.Equal("document", reader.EventType);
            Assert.False(reader.Read());
        }
    }
}
