using System.Text;
using Harness.Core.Sse;
using static Harness.Core.Tests.Sse.SseTestParser;

namespace Harness.Core.Tests.Sse;

/// <summary>
/// One test per WHATWG event-stream rule. Inputs are written with LF and rewritten to LF, CRLF and
/// CR; each runs in every <see cref="ReadMode"/> (memory, sync/async whole reads, 1-byte reads,
/// 7-byte reads).
/// </summary>
public sealed class SseReaderTests
{
    public static TheoryData<string, ReadMode> Cases => EndsAndModes();

    private static ParseOutcome Run(string lfInput, string end, ReadMode mode, SseReaderOptions? options = null) =>
        Parse(WithLineEnds(lfInput, end), mode, options);

    private static void AssertEvents(ParseOutcome outcome, params SseEvent[] expected) =>
        Assert.Equal(expected, outcome.Events);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_SingleDataLine_DispatchesMessage(string end, ReadMode mode) =>
        AssertEvents(Run("data: hello\n\n", end, mode), new SseEvent("message", "hello", ""));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_BlankLinesOnly_NoEvents(string end, ReadMode mode) =>
        AssertEvents(Run("\n\n\n", end, mode));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_MultipleDataLines_JoinedWithLf_LastLfRemoved(string end, ReadMode mode) =>
        AssertEvents(Run("data: a\ndata:\ndata: b\n\n", end, mode), new SseEvent("message", "a\n\nb", ""));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_DataWithoutColon_IsEmptyValue_AndStillDispatched(string end, ReadMode mode) =>
        AssertEvents(Run("data\n\n", end, mode), new SseEvent("message", "", ""));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_DataWithOnlyASpace_IsEmptyValue(string end, ReadMode mode) =>
        AssertEvents(Run("data: \n\n", end, mode), new SseEvent("message", "", ""));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_ExactlyOneLeadingSpaceStripped(string end, ReadMode mode) =>
        AssertEvents(
            Run("data:no-space\n\ndata:  two\n\ndata:\ttab\n\n", end, mode),
            new SseEvent("message", "no-space", ""),
            new SseEvent("message", " two", ""),
            new SseEvent("message", "\ttab", ""));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_ColonInValue_KeptAfterTheFirstColon(string end, ReadMode mode) =>
        AssertEvents(Run("data: a: b:c\n\n", end, mode), new SseEvent("message", "a: b:c", ""));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_CommentLines_Ignored(string end, ReadMode mode) =>
        AssertEvents(
            Run(": ping\n:\ndata: a\n: between\ndata: b\n\n:trailing comment\n\n", end, mode),
            new SseEvent("message", "a\nb", ""));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_EventField_SetsType(string end, ReadMode mode) =>
        AssertEvents(
            Run("event: response.output_text.delta\ndata: x\n\n", end, mode),
            new SseEvent("response.output_text.delta", "x", ""));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_EmptyEventField_MeansMessage(string end, ReadMode mode) =>
        AssertEvents(Run("event\ndata: x\n\nevent:\ndata: y\n\n", end, mode),
            new SseEvent("message", "x", ""),
            new SseEvent("message", "y", ""));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_EventTypeReset_AfterDispatch(string end, ReadMode mode) =>
        AssertEvents(
            Run("event: first\ndata: a\n\ndata: b\n\n", end, mode),
            new SseEvent("first", "a", ""),
            new SseEvent("message", "b", ""));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_EventTypeReset_EvenWhenNothingDispatched(string end, ReadMode mode) =>
        AssertEvents(Run("event: orphan\n\ndata: b\n\n", end, mode), new SseEvent("message", "b", ""));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_NoDataLines_NotDispatched(string end, ReadMode mode)
    {
        var outcome = Run("event: x\n\nid: 3\n\nretry: 5\n\n", end, mode);
        AssertEvents(outcome);
        Assert.Equal("3", outcome.LastEventId);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_LastEventId_KeptAcrossEvents(string end, ReadMode mode) =>
        AssertEvents(
            Run("id: 5\ndata: a\n\ndata: b\n\n", end, mode),
            new SseEvent("message", "a", "5"),
            new SseEvent("message", "b", "5"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_LastEventId_SetEvenWhenNoEventDispatched(string end, ReadMode mode) =>
        AssertEvents(
            Run("data: a\n\nid: 9\n\ndata: b\n\n", end, mode),
            new SseEvent("message", "a", ""),
            new SseEvent("message", "b", "9"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_EmptyId_ResetsLastEventId(string end, ReadMode mode) =>
        AssertEvents(
            Run("id: 1\ndata: a\n\nid\ndata: b\n\n", end, mode),
            new SseEvent("message", "a", "1"),
            new SseEvent("message", "b", ""));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_IdContainingNull_Ignored(string end, ReadMode mode) =>
        AssertEvents(
            Run("id: 1\ndata: a\n\nid: 2\u00003\ndata: b\n\n", end, mode),
            new SseEvent("message", "a", "1"),
            new SseEvent("message", "b", "1"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_Retry_AllDigits_SetsReconnectionTime(string end, ReadMode mode) =>
        Assert.Equal(TimeSpan.FromMilliseconds(2500), Run("retry: 2500\ndata: a\n\n", end, mode).ReconnectionTime);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_Retry_NotAllDigits_Ignored(string end, ReadMode mode)
    {
        var outcome = Run("retry: 100\n\nretry: 10a0\n\nretry: -5\n\nretry: 1.5\n\nretry:\n\nretry:  7\n\n", end, mode);
        Assert.Equal(TimeSpan.FromMilliseconds(100), outcome.ReconnectionTime);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_FieldNames_CaseSensitive(string end, ReadMode mode) =>
        AssertEvents(Run("Data: a\n\nDATA: b\n\nEvent: x\ndata: c\n\n", end, mode), new SseEvent("message", "c", ""));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_UnknownFields_Ignored(string end, ReadMode mode) =>
        AssertEvents(Run("foo: bar\ndata: a\nx-custom\ndatum: z\n\n", end, mode), new SseEvent("message", "a", ""));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_UnterminatedLastEvent_Discarded(string end, ReadMode mode) =>
        AssertEvents(Run("data: a\n\ndata: b\n", end, mode), new SseEvent("message", "a", ""));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_UnterminatedLastLine_Discarded(string end, ReadMode mode)
    {
        var outcome = Run("data: a\n\nid: 4\ndata: b", end, mode);
        AssertEvents(outcome, new SseEvent("message", "a", ""));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_LeadingBom_Dropped(string end, ReadMode mode) =>
        AssertEvents(Run("\uFEFFdata: a\n\n", end, mode), new SseEvent("message", "a", ""));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_SecondBom_NotDropped_SoTheFieldIsUnknown(string end, ReadMode mode) =>
        AssertEvents(Run("\uFEFF\uFEFFdata: a\n\ndata: b\n\n", end, mode), new SseEvent("message", "b", ""));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_BomAfterStart_KeptInData(string end, ReadMode mode) =>
        AssertEvents(Run("data: a\n\ndata: \uFEFFb\n\n", end, mode),
            new SseEvent("message", "a", ""),
            new SseEvent("message", "\uFEFFb", ""));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_InvalidUtf8_DecodedAsReplacementCharacter(string end, ReadMode mode)
    {
        byte[] lf = [.. "data: "u8, 0xFF, (byte)'a', 0xC3, (byte)'\n', (byte)'\n'];
        var outcome = Parse(WithLineEnds(lf, end), mode);
        AssertEvents(outcome, new SseEvent("message", "\uFFFDa\uFFFD", ""));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_NonAsciiText_RoundTrips(string end, ReadMode mode) =>
        AssertEvents(Run("data: สวัสดี 👋\n\n", end, mode), new SseEvent("message", "สวัสดี 👋", ""));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_OversizedEvent_TypedErrorAfterEarlierEvents(string end, ReadMode mode)
    {
        var options = new SseReaderOptions { MaxEventSize = 64 };
        string input = "data: ok\n\n" + "data: " + new string('x', 40) + "\n" + "data: " + new string('y', 40) + "\n\n";
        var bytes = WithLineEnds(input, end);
        var events = new List<SseEvent>();
        var stream = new TrickleStream(bytes, mode is ReadMode.TrickleSync or ReadMode.TrickleAsync ? 1 : 7);
        using var reader = mode == ReadMode.Memory ? new SseReader(bytes, options) : new SseReader(stream, options);
        var ex = Assert.Throws<SseEventTooLargeException>(() =>
        {
            while (reader.Read())
            {
                events.Add(reader.ToEvent());
            }
        });

        Assert.Equal([new SseEvent("message", "ok", "")], events);
        Assert.Equal(64, ex.Limit);
        Assert.Equal(8 + (2 * end.Length), ex.EventStartOffset);
        Assert.InRange(ex.Offset, ex.EventStartOffset, bytes.Length);
        Assert.Contains("64-byte limit", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_OversizedEvent_StartsAtItsOwnFirstLine_AfterAnEventThatBeganWithAnotherField(string end, ReadMode mode)
    {
        // The retry line starts the second event; the oversized event must not inherit that start.
        var options = new SseReaderOptions { MaxEventSize = 64 };
        string input = "data: a\n\nretry: 5\ndata: ok\n\n" + "data: " + new string('x', 40) + "\n" + "data: " + new string('y', 40) + "\n\n";
        var bytes = WithLineEnds(input, end);
        var ex = Assert.Throws<SseEventTooLargeException>(() => Parse(bytes, mode, options));
        Assert.Equal(23 + (5 * end.Length), ex.EventStartOffset);
    }

    [Theory]
    [InlineData(ReadMode.Memory)]
    [InlineData(ReadMode.TrickleSync)]
    [InlineData(ReadMode.Chunks7Async)]
    public void Parse_OversizedLineWithoutEnd_FailsInsteadOfGrowing(ReadMode mode)
    {
        var options = new SseReaderOptions { MaxEventSize = 100 };
        var bytes = Encoding.UTF8.GetBytes("data: " + new string('z', 1000));
        var ex = Assert.Throws<SseEventTooLargeException>(() => Parse(bytes, mode, options));
        Assert.Equal(100, ex.Offset);
        Assert.Equal(0, ex.EventStartOffset);
    }

    [Fact]
    public void Parse_CrAtEndOfOneRead_LfAtStartOfNext_IsOneLineEnd()
    {
        // Read 1: "data: a\r"; read 2: "\ndata: b\r\n\r\n". Were the CR and LF two line ends, the
        // empty line between them would dispatch "a" alone.
        var stream = new SplitStream(Encoding.UTF8.GetBytes("data: a\r"), Encoding.UTF8.GetBytes("\ndata: b\r\n\r\n"));
        using var reader = new SseReader(stream);
        Assert.True(reader.Read());
        Assert.Equal("a\nb", reader.GetDataString());
        Assert.False(reader.Read());
    }

    [Fact]
    public async Task Parse_CrTerminatedEvent_DispatchedWithoutWaitingForMoreBytes()
    {
        // A CR-only stream whose blank line is the last byte so far: the event must come out now,
        // not when the next byte (which may be seconds away) arrives.
        var pipe = new System.IO.Pipelines.Pipe();
        using var reader = new SseReader(pipe.Reader.AsStream());
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("data: now\r\r"));
        var read = reader.ReadAsync().AsTask();
        var done = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.Same(read, done);
        Assert.True(await read);
        Assert.Equal("now", reader.GetDataString());
        await pipe.Writer.CompleteAsync();
    }

    [Fact]
    public void Data_SingleLineEvent_IsASliceOfTheInput_NotACopy()
    {
        byte[] input = Encoding.UTF8.GetBytes("data: {\"x\":1}\n\n");
        using var reader = new SseReader(input);
        Assert.True(reader.Read());
        Assert.True(reader.Data.Overlaps(input));
        Assert.Equal("{\"x\":1}", Encoding.UTF8.GetString(reader.Data));
    }

    [Fact]
    public void Data_MultiLineEvent_IsJoinedCopy()
    {
        byte[] input = Encoding.UTF8.GetBytes("data: a\ndata: b\n\n");
        using var reader = new SseReader(input);
        Assert.True(reader.Read());
        Assert.False(reader.Data.Overlaps(input));
        Assert.Equal("a\nb", reader.GetDataString());
    }

    [Fact]
    public void EventType_RepeatedType_ReturnsTheSameString()
    {
        using var reader = new SseReader(Encoding.UTF8.GetBytes("event: t\ndata: 1\n\nevent: t\ndata: 2\n\n"));
        Assert.True(reader.Read());
        string first = reader.EventType;
        Assert.True(reader.Read());
        Assert.Same(first, reader.EventType);
    }

    [Fact]
    public void Read_ManySmallEvents_AllocatesNothingPerEvent()
    {
        var builder = new StringBuilder();
        for (int i = 0; i < 2000; i++)
        {
            builder.Append("data: {\"choices\":[{\"delta\":{\"content\":\"tok\"}}]}\r\n\r\n: keep-alive\n\n");
        }

        byte[] input = Encoding.UTF8.GetBytes(builder.ToString());
        var options = new SseReaderOptions { ReadBufferSize = 4096 };
        CountEvents(input, options); // warm up: JIT, pool

        long before = GC.GetAllocatedBytesForCurrentThread();
        int count = CountEvents(input, options);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(2000, count);
        // The reader object and its stream, not anything per event (2,000 events).
        Assert.True(allocated < 2000, $"allocated {allocated} bytes for 2,000 events");
    }

    [Fact]
    public void Read_LongInput_BufferStaysBounded()
    {
        var one = Encoding.UTF8.GetBytes("data: " + new string('a', 300) + "\n\n");
        var input = new byte[one.Length * 5000];
        for (int i = 0; i < 5000; i++)
        {
            one.CopyTo(input, i * one.Length);
        }

        using var reader = new SseReader(new TrickleStream(input, 1000), new SseReaderOptions { ReadBufferSize = 1024 });
        int count = 0;
        int largest = 0;
        while (reader.Read())
        {
            count++;
            largest = Math.Max(largest, reader.BufferCapacity);
        }

        Assert.Equal(5000, count);
        Assert.InRange(largest, 1, 4096);
    }

    private static int CountEvents(byte[] input, SseReaderOptions options)
    {
        using var reader = new SseReader(new MemoryStream(input, writable: false), options);
        int count = 0;
        while (reader.Read())
        {
            count++;
        }

        return count;
    }

    /// <summary>A stream that returns exactly the given reads, in order.</summary>
    private sealed class SplitStream(params byte[][] reads) : MemoryStream
    {
        private int _next;

        public override int Read(Span<byte> buffer)
        {
            if (_next == reads.Length)
            {
                return 0;
            }

            var chunk = reads[_next++];
            Assert.True(buffer.Length >= chunk.Length);
            chunk.CopyTo(buffer);
            return chunk.Length;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    }
}
