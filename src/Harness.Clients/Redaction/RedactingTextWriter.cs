using System.Text;

namespace Harness.Clients.Redaction;

/// <summary>
/// A <see cref="TextWriter"/> that passes everything to another with every secret of
/// <see cref="SecretRedactor"/> replaced, even one split across writes (the CLI's stdout and
/// stderr). <see cref="Flush"/> flushes what is known to be no secret; <see cref="Complete"/> (or
/// disposing) also emits a held tail. Writes are serialized; the inner writer is not disposed.
/// </summary>
public sealed class RedactingTextWriter : TextWriter
{
    private readonly TextWriter _inner;
    private readonly StreamingRedaction<char> _redaction = new();
    private readonly StreamingRedaction<char>.Sink _sink;
    private readonly object _gate = new();

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public RedactingTextWriter(TextWriter inner)
        : base(inner?.FormatProvider)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _sink = inner.Write;
        CoreNewLine = inner.NewLine.ToCharArray();
    }

    /// <inheritdoc />
    public override Encoding Encoding => _inner.Encoding;

    /// <inheritdoc />
    public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

    /// <inheritdoc />
    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    /// <inheritdoc />
    public override void Write(string? value) => Write(value.AsSpan());

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<char> buffer)
    {
        lock (_gate)
        {
            var secrets = SecretRedactor.CharMatchers;
            if (secrets.Length == 0 && !_redaction.Holding)
            {
                _inner.Write(buffer);
                return;
            }

            _redaction.Write(buffer, secrets, SecretRedactor.Replacement, _sink);
        }
    }

    /// <inheritdoc />
    public override void WriteLine(string? value)
    {
        lock (_gate)
        {
            Write(value);
            Write(CoreNewLine);
        }
    }

    /// <inheritdoc />
    public override void WriteLine(ReadOnlySpan<char> buffer)
    {
        lock (_gate)
        {
            Write(buffer);
            Write(CoreNewLine);
        }
    }

    /// <inheritdoc />
    public override void Flush()
    {
        lock (_gate)
        {
            _inner.Flush();
        }
    }

    /// <inheritdoc />
    public override Task FlushAsync()
    {
        Flush();
        return Task.CompletedTask;
    }

    /// <summary>The output has ended: emits a held tail (it was no secret) and flushes.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _redaction.Complete(SecretRedactor.CharMatchers, SecretRedactor.Replacement, _sink);
            _inner.Flush();
        }
    }

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
