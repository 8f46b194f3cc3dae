namespace Harness.Clients.Redaction;

/// <summary>
/// A write-only <see cref="Stream"/> that passes UTF-8 text to another with every secret of
/// <see cref="SecretRedactor"/> replaced, even one split across writes (every text file the
/// harness writes goes through one). <see cref="Complete"/> (or disposing) emits a held tail;
/// the inner stream is never disposed. Not for binary data: bytes are matched as UTF-8.
/// </summary>
public sealed class RedactingStream : Stream
{
    private readonly Stream _inner;
    private readonly StreamingRedaction<byte> _redaction = new();
    private readonly StreamingRedaction<byte>.Sink _sink;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public RedactingStream(Stream inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _sink = inner.Write;
    }

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override void WriteByte(byte value) => Write(new ReadOnlySpan<byte>(in value));

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var secrets = SecretRedactor.Utf8Matchers;
        if (secrets.Length == 0 && !_redaction.Holding)
        {
            _inner.Write(buffer);
            return;
        }

        _redaction.Write(buffer, secrets, SecretRedactor.ReplacementUtf8, _sink);
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override void Flush() => _inner.Flush();

    /// <summary>The output has ended: emits a held tail (it was no secret) and flushes.</summary>
    public void Complete()
    {
        _redaction.Complete(SecretRedactor.Utf8Matchers, SecretRedactor.ReplacementUtf8, _sink);
        _inner.Flush();
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Complete();
        }

        base.Dispose(disposing);
    }
}
