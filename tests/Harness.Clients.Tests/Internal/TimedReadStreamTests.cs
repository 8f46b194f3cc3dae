using System.Net;
using Harness.Clients.Internal;

namespace Harness.Clients.Tests.Internal;

/// <summary>
/// The body's timed reads: with a zero-byte read first (an HTTP/1.x body from SocketsHttpHandler)
/// each read waits in a zero-byte read and then reads, and the bytes, the first byte's stamp and the
/// end of the body are what a plain read gives.
/// </summary>
public sealed class TimedReadStreamTests
{
    private static readonly byte[] s_body = "data: {\"a\":1}\n\ndata: [DONE]\n\n"u8.ToArray();

    [Fact]
    public async Task EachReadWaitsInAZeroByteReadFirstWhenAsked()
    {
        var inner = new ReadLog(s_body, largestRead: 16);
        var timeline = new RequestTimeline();
        using var stream = new TimedReadStream(inner, timeline, recorder: null, zeroByteReadFirst: true);

        var read = await ReadAllAsync(stream);

        Assert.Equal(s_body, read);
        Assert.Equal([0, 64, 0, 64, 0, 64], inner.Asked); // two reads of data and the one that finds the end
        Assert.NotEqual(0, timeline.FirstByte);
        Assert.NotEqual(0, stream.LastRead);
    }

    [Fact]
    public async Task ReadsWithoutAZeroByteReadOtherwise()
    {
        var inner = new ReadLog(s_body, largestRead: 16);
        using var stream = new TimedReadStream(inner, new RequestTimeline(), recorder: null);

        var read = await ReadAllAsync(stream);

        Assert.Equal(s_body, read);
        Assert.Equal([64, 64, 64], inner.Asked);
    }

    [Fact]
    public async Task TheRecorderGetsTheSameBytesEitherWay()
    {
        var withZero = new StreamRecorder();
        var without = new StreamRecorder();
        using (var stream = new TimedReadStream(new ReadLog(s_body, largestRead: 7), new RequestTimeline(), withZero, zeroByteReadFirst: true))
        {
            await ReadAllAsync(stream);
        }

        using (var stream = new TimedReadStream(new ReadLog(s_body, largestRead: 7), new RequestTimeline(), without))
        {
            await ReadAllAsync(stream);
        }

        Assert.Equal(without.Count, withZero.Count);
        Assert.Equal(5, withZero.Count); // 29 bytes in reads of at most 7
    }

    [Theory]
    [InlineData(1, 1, false, true)]
    [InlineData(1, 0, false, true)]
    [InlineData(1, 1, true, false)]
    [InlineData(2, 0, false, false)]
    [InlineData(3, 0, false, false)]
    public void AZeroByteReadIsUsedForHttp1BodiesFromTheRuntimesPoolOnly(int major, int minor, bool direct, bool expected)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Version = new Version(major, minor) };

        Assert.Equal(expected, TimedReadStream.ZeroByteReadHelps(response, direct));
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        var buffer = new byte[64];
        var all = new List<byte>();
        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0)
        {
            all.AddRange(buffer.AsSpan(0, n));
        }

        return [.. all];
    }

    /// <summary>Serves bytes in reads of at most <c>largestRead</c>, and logs the length each read asked for.</summary>
    private sealed class ReadLog(byte[] bytes, int largestRead) : Stream
    {
        private int _position;

        public List<int> Asked { get; } = [];

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Asked.Add(buffer.Length);
            int n = Math.Min(Math.Min(buffer.Length, largestRead), bytes.Length - _position);
            bytes.AsSpan(_position, n).CopyTo(buffer.Span);
            _position += n;
            return new ValueTask<int>(n);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
