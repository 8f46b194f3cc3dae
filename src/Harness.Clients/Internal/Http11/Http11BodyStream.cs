using System.Globalization;
using System.Net.Http;
using System.Runtime.CompilerServices;

namespace Harness.Clients.Internal.Http11;

/// <summary>
/// A response body over the connection, its end found by its framing: Content-Length, chunked
/// (RFC 9112 §7.1; extensions and trailer fields are read and dropped) or the connection's close.
/// Holds the connection until disposed, then says whether the body was read to its end with nothing
/// past it (so the connection can carry another request). A body cut short ends in an <see cref="HttpIOException"/> (ResponseEnded),
/// as SocketsHttpHandler reports it, so the client names it truncated.
/// </summary>
/// <remarks>
/// Reads go to the connection in large blocks; chunked framing is parsed from this stream's buffer,
/// copying each chunk's data out, so a read returns as many buffered chunks' data as fit without
/// waiting for more. Unframed bodies with nothing buffered read straight into the caller's memory.
/// </remarks>
internal sealed class Http11BodyStream : Stream
{
    private const int MaxChunkSizeDigits = 15;
    private readonly Stream _connection;
    private readonly Action<bool> _ended;
    private readonly Http11Framing _framing;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _remaining;
    private ChunkPart _part = ChunkPart.Size;
    private bool _done;
    private bool _disposed;

    /// <summary>
    /// A body over <paramref name="connection"/> (positioned after the head); <paramref name="buffer"/>
    /// holds bytes already read past the head at [<paramref name="start"/>, <paramref name="end"/>) and
    /// is this stream's until it is disposed. <paramref name="contentLength"/> counts only for
    /// <paramref name="framing"/> <see cref="Http11Framing.ContentLength"/>. <paramref name="ended"/> is
    /// called once, at dispose, with whether the body was complete; it decides the connection's fate.
    /// </summary>
    public Http11BodyStream(Stream connection, byte[] buffer, int start, int end, Http11Framing framing, long contentLength, Action<bool> ended)
    {
        _connection = connection;
        _ended = ended;
        _buffer = buffer;
        _start = start;
        _end = end;
        _framing = framing;
        _remaining = framing == Http11Framing.ContentLength ? contentLength : 0;
        _done = framing == Http11Framing.None || (framing == Http11Framing.ContentLength && contentLength == 0);
    }

    private enum ChunkPart
    {
        Size,
        Data,
        DataEnd,
        Trailer,
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadCoreAsync(buffer.AsMemory(offset, count), async: false, CancellationToken.None).GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadCoreAsync(buffer.AsMemory(offset, count), async: true, cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ReadCoreAsync(buffer, async: true, cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;

            // Reusable only when the body ended in-band and the server sent nothing past it.
            bool complete = _done && _start == _end && _framing != Http11Framing.UntilClose;
            _buffer = [];
            _start = _end = 0;
            _ended(complete);
        }

        base.Dispose(disposing);
    }

    // Pooled: on a connection kept for load a read that waits is one per token, and the default
    // builder would box the state machine for each.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadCoreAsync(Memory<byte> destination, bool async, CancellationToken ct)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        while (!_done)
        {
            var n = _framing == Http11Framing.Chunked ? TakeChunked(destination.Span) : TakeUnframed(destination.Span);
            if (n > 0 || _done)
            {
                return n;
            }

            if (_framing != Http11Framing.Chunked)
            {
                // Nothing buffered: read straight into the caller's memory.
                var max = _framing == Http11Framing.ContentLength ? (int)Math.Min(destination.Length, _remaining) : destination.Length;
                n = async ? await _connection.ReadAsync(destination[..max], ct).ConfigureAwait(false) : _connection.Read(destination.Span[..max]);
                if (n == 0)
                {
                    return EndOfConnection();
                }

                Consumed(n);
                return n;
            }

            Compact();
            n = async ? await _connection.ReadAsync(_buffer.AsMemory(_end), ct).ConfigureAwait(false) : _connection.Read(_buffer.AsSpan(_end));
            if (n == 0)
            {
                return EndOfConnection();
            }

            _end += n;
        }

        return 0;
    }

    private int EndOfConnection()
    {
        if (_framing == Http11Framing.UntilClose)
        {
            _done = true;
            return 0;
        }

        throw ExceptionText.Plain(new HttpIOException(HttpRequestError.ResponseEnded, _framing == Http11Framing.Chunked
            ? "the server closed the connection before the body's last chunk"
            : string.Create(CultureInfo.InvariantCulture, $"the server closed the connection {_remaining} bytes before the end its Content-Length announced")));
    }

    private void Consumed(int n)
    {
        if (_framing == Http11Framing.ContentLength)
        {
            _remaining -= n;
            _done = _remaining == 0;
        }
    }

    private int TakeUnframed(Span<byte> destination)
    {
        var n = _end - _start;
        if (_framing == Http11Framing.ContentLength)
        {
            n = (int)Math.Min(n, _remaining);
        }

        n = Math.Min(n, destination.Length);
        _buffer.AsSpan(_start, n).CopyTo(destination);
        _start += n;
        Consumed(n);
        return n;
    }

    /// <summary>Copies buffered chunk data out, parsing the framing between; stops when the buffer runs dry.</summary>
    private int TakeChunked(Span<byte> destination)
    {
        var written = 0;
        while (written < destination.Length)
        {
            ReadOnlySpan<byte> line;
            switch (_part)
            {
                case ChunkPart.Data:
                    var n = (int)Math.Min(Math.Min(_end - _start, _remaining), destination.Length - written);
                    if (n == 0)
                    {
                        return written;
                    }

                    _buffer.AsSpan(_start, n).CopyTo(destination[written..]);
                    _start += n;
                    written += n;
                    _remaining -= n;
                    if (_remaining == 0)
                    {
                        _part = ChunkPart.DataEnd;
                    }

                    break;
                case ChunkPart.Size:
                    if (!TryTakeLine(out line))
                    {
                        return written;
                    }

                    _remaining = ParseChunkSize(line);
                    _part = _remaining == 0 ? ChunkPart.Trailer : ChunkPart.Data;
                    break;
                case ChunkPart.DataEnd:
                    if (!TryTakeLine(out line))
                    {
                        return written;
                    }

                    if (!line.IsEmpty)
                    {
                        throw Framing("chunk data longer than its size");
                    }

                    _part = ChunkPart.Size;
                    break;
                default:
                    if (!TryTakeLine(out line))
                    {
                        return written;
                    }

                    if (line.IsEmpty)
                    {
                        _done = true;
                        return written;
                    }

                    break;
            }
        }

        return written;
    }

    private bool TryTakeLine(out ReadOnlySpan<byte> line)
    {
        var available = _buffer.AsSpan(_start, _end - _start);
        var lf = available.IndexOf((byte)'\n');
        if (lf < 0)
        {
            if (available.Length == _buffer.Length)
            {
                throw Framing(string.Create(CultureInfo.InvariantCulture, $"a chunk-size or trailer line longer than {_buffer.Length} bytes"));
            }

            line = default;
            return false;
        }

        line = available[..lf];
        if (line is [.., (byte)'\r'])
        {
            line = line[..^1];
        }

        _start += lf + 1;
        return true;
    }

    private static long ParseChunkSize(ReadOnlySpan<byte> line)
    {
        // chunk-size [ BWS ";" chunk-ext ]: hex digits first; an extension is allowed and ignored.
        var digits = 0;
        long size = 0;
        while (digits < line.Length && char.IsAsciiHexDigit((char)line[digits]))
        {
            if (digits == MaxChunkSizeDigits)
            {
                throw Framing("a chunk size too large");
            }

            size = (size << 4) | (long)HexValue(line[digits]);
            digits++;
        }

        var rest = line[digits..].TrimStart(" \t"u8);
        if (digits == 0 || !(rest.IsEmpty || rest[0] == ';'))
        {
            throw Framing("a chunk-size line that is not hex digits");
        }

        return size;
    }

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    private static HttpIOException Framing(string what) => ExceptionText.Plain(new HttpIOException(HttpRequestError.InvalidResponse, $"the server's chunked body is not valid: {what}"));

    /// <summary>Moves unread bytes to the front so a read has room; the buffer is only ever full of one unfinished line.</summary>
    private void Compact()
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
    }
}
