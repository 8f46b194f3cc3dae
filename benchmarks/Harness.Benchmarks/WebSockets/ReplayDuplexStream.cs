namespace Harness.Benchmarks.WebSockets;

/// <summary>
/// A stream a <see cref="System.Net.WebSockets.WebSocket"/> can sit on: reads replay recorded
/// wire bytes, writes (a close or pong reply) are discarded. Resettable, so one instance serves
/// every invocation.
/// </summary>
public sealed class ReplayDuplexStream(byte[] wire) : Stream
{
    private int _position;

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => wire.Length;

    /// <inheritdoc />
    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>Replays from the first byte again.</summary>
    public void Reset() => _position = 0;

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        int n = Math.Min(buffer.Length, wire.Length - _position);
        wire.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        new(Read(buffer.Span));

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count)
    {
    }

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
    }

    /// <inheritdoc />
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => default;

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();
}
