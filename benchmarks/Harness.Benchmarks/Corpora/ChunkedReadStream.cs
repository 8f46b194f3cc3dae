namespace Harness.Benchmarks.Corpora;

/// <summary>
/// A read-only in-memory stream that returns at most <see cref="MaxReadSize"/> bytes per read, the
/// way a socket hands over a response in pieces. Resettable, so one instance serves every
/// benchmark invocation without allocating.
/// </summary>
public sealed class ChunkedReadStream : Stream
{
    private readonly byte[] _bytes;
    private int _position;

    /// <summary>Serves <paramref name="bytes"/>, at most <paramref name="maxReadSize"/> per read (0: all that fits).</summary>
    public ChunkedReadStream(byte[] bytes, int maxReadSize)
    {
        _bytes = bytes;
        MaxReadSize = maxReadSize <= 0 ? int.MaxValue : maxReadSize;
    }

    /// <summary>The most bytes one read returns.</summary>
    public int MaxReadSize { get; }

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => _bytes.Length;

    /// <inheritdoc />
    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>Starts again from the first byte.</summary>
    public void Reset() => _position = 0;

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        int n = Math.Min(Math.Min(buffer.Length, MaxReadSize), _bytes.Length - _position);
        _bytes.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int ReadByte() => _position < _bytes.Length ? _bytes[_position++] : -1;

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        new(Read(buffer.Span));

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
