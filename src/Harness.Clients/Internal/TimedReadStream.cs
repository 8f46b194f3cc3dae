using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Harness.Clients.Internal;

/// <summary>
/// Wraps a response body: stamps the first body byte and the completion time of every read (an
/// event's arrival is the read that brought its last byte, not the moment it was parsed), and
/// hands each read's bytes to a recorder when one is attached. With
/// <paramref name="zeroByteReadFirst"/>, each asynchronous read first waits for data in a
/// zero-byte read (see <see cref="ZeroByteReadHelps"/>).
/// </summary>
internal sealed class TimedReadStream(Stream inner, RequestTimeline timeline, StreamRecorder? recorder, bool zeroByteReadFirst = false) : Stream
{
    /// <summary>
    /// Whether waiting in a zero-byte read makes reading <paramref name="response"/>'s body cheaper:
    /// for an HTTP/1.x body from SocketsHttpHandler. Its body stream boxes two async state machines
    /// for each read that waits (its own and the connection's fill); a zero-byte read waits in one,
    /// and the read after it completes from the connection's buffer: one box per token, not two, at
    /// the same CPU (docs/notes/client-cost.md). Not for HTTP/2, whose reads allocate the same
    /// either way, nor for the harness's own connections (<paramref name="ownConnection"/>: direct or
    /// pooled), whose body stream does not wait in a zero-byte read and boxes nothing.
    /// </summary>
    public static bool ZeroByteReadHelps(HttpResponseMessage response, bool ownConnection) => !ownConnection && response.Version.Major == 1;

    /// <summary>When the latest read completed.</summary>
    public long LastRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        OnRead(buffer[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (zeroByteReadFirst && !buffer.IsEmpty)
        {
            await inner.ReadAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        }

        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        OnRead(buffer.Span[..n]);
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void OnRead(ReadOnlySpan<byte> bytes)
    {
        var now = Stopwatch.GetTimestamp();
        LastRead = now;
        if (bytes.Length > 0)
        {
            if (timeline.FirstByte == 0)
            {
                timeline.FirstByte = now;
            }

            recorder?.Add(now, bytes);
        }
    }
}
