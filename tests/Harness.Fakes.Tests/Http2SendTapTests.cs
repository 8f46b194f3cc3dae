using System.Buffers.Binary;
using System.IO.Pipelines;

namespace Harness.Fakes.Tests;

public sealed class Http2SendTapTests
{
    private const byte Data = 0x0, Headers = 0x1, RstStream = 0x3, WindowUpdate = 0x8;
    private const byte EndStream = 0x1, EndHeaders = 0x4;

    [Fact]
    public async Task A_token_is_stamped_at_the_flush_that_carries_its_last_byte_before_the_socket_gets_it()
    {
        var record = new FakeWriteLog().Begin(1, 0, 2);
        var stampsAtSocketFlush = new List<long[]>();
        var socket = new Pipe();
        var tap = new Http2SendTap(new DuplexPipe(new Pipe().Reader, new FlushProbe(socket.Writer, () => stampsAtSocketFlush.Add([.. record.Written]))));
        tap.StampWhenSent(streamId: 3, bodyOffset: 10, record, token: 0);
        tap.StampWhenSent(streamId: 3, bodyOffset: 25, record, token: 1);

        Write(tap.Output, Frame(Headers, EndHeaders, 3, 5));
        Write(tap.Output, Frame(Data, 0, 3, 6));
        await tap.Output.FlushAsync();
        Assert.Equal([0L, 0L], record.Written); // 6 of the 10 bytes token 0 ends at

        Write(tap.Output, Frame(Data, 0, 3, 4));
        var before = System.Diagnostics.Stopwatch.GetTimestamp();
        await tap.Output.FlushAsync();
        Assert.InRange(record.Written[0], before, System.Diagnostics.Stopwatch.GetTimestamp());
        Assert.Equal(0L, record.Written[1]);

        Write(tap.Output, Frame(Data, EndStream, 3, 15));
        await tap.Output.FlushAsync();
        Assert.True(record.Written[1] >= record.Written[0]);

        // Each stamp was already there when the flush carrying its bytes reached the socket's writer.
        Assert.Equal(3, stampsAtSocketFlush.Count);
        Assert.Equal(record.Written[0], stampsAtSocketFlush[1][0]);
        Assert.Equal(record.Written[1], stampsAtSocketFlush[2][1]);
        var read = await socket.Reader.ReadAsync();
        Assert.Equal(9 + 5 + 9 + 6 + 9 + 4 + 9 + 15, read.Buffer.Length);
    }

    [Fact]
    public async Task Frame_headers_split_across_writes_and_other_streams_frames_are_followed()
    {
        var tap = Tapped();
        var record = new FakeWriteLog().Begin(1, 0, 2);
        tap.StampWhenSent(streamId: 5, bodyOffset: 8, record, token: 0);
        tap.StampWhenSent(streamId: 7, bodyOffset: 3, record, token: 1);

        // Stream 7's DATA, a WINDOW_UPDATE and stream 5's DATA, written in 4-byte pieces that cut
        // the frame headers and payloads at odd places.
        var bytes = Frame(Data, 0, 7, 2).Concat(Frame(WindowUpdate, 0, 0, 4)).Concat(Frame(Data, 0, 5, 8)).ToArray();
        foreach (var piece in bytes.Chunk(4))
        {
            Write(tap.Output, piece);
        }

        await tap.Output.FlushAsync();
        Assert.NotEqual(0L, record.Written[0]);
        Assert.Equal(0L, record.Written[1]); // stream 7 sent 2 of its 3 bytes

        await tap.Output.WriteAsync(Frame(Data, 0, 7, 1));
        Assert.NotEqual(0L, record.Written[1]);
    }

    [Fact]
    public async Task A_token_registered_after_its_bytes_left_is_stamped_at_once_and_ended_streams_are_forgotten()
    {
        var tap = Tapped();
        var record = new FakeWriteLog().Begin(1, 0, 2);
        Write(tap.Output, Frame(Data, 0, 9, 12));
        await tap.Output.FlushAsync();

        tap.StampWhenSent(streamId: 9, bodyOffset: 12, record, token: 0);
        Assert.NotEqual(0L, record.Written[0]);

        // After RST_STREAM the stream's count starts again, so an old offset is not taken as sent.
        Write(tap.Output, Frame(RstStream, 0, 9, 4));
        await tap.Output.FlushAsync();
        tap.StampWhenSent(streamId: 9, bodyOffset: 12, record, token: 1);
        Assert.Equal(0L, record.Written[1]);
    }

    private static Http2SendTap Tapped() => new(new DuplexPipe(new Pipe().Reader, new Pipe().Writer));

    private static void Write(PipeWriter writer, byte[] bytes)
    {
        var span = writer.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        writer.Advance(bytes.Length);
    }

    private static byte[] Frame(byte type, byte flags, int stream, int payloadLength)
    {
        var frame = new byte[9 + payloadLength];
        frame[0] = (byte)(payloadLength >> 16);
        frame[1] = (byte)(payloadLength >> 8);
        frame[2] = (byte)payloadLength;
        frame[3] = type;
        frame[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), stream);
        frame.AsSpan(9).Fill(0x01); // misread as a frame header, payload bytes would skip 64 KiB
        return frame;
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    /// <summary>The socket's writer: runs <paramref name="onFlush"/> as each flush arrives, before passing it on.</summary>
    private sealed class FlushProbe(PipeWriter inner, Action onFlush) : PipeWriter
    {
        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override void Advance(int bytes) => inner.Advance(bytes);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            onFlush();
            return inner.FlushAsync(cancellationToken);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);
    }
}
