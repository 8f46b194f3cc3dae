using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Harness.Clients.Internal;

/// <summary>
/// Wraps a response body: stamps the first body byte and the completion time of every read (an
/// event's arrival is the read that brought its last byte, not the moment it was parsed), and
/// hands each read's bytes to a recorder when one is attached.
/// </summary>
internal sealed class TimedReadStream(Stream inner, RequestTimeline timeline, StreamRecorder? recorder) : Stream
{
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
