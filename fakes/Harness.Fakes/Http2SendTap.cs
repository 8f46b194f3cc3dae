using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Harness.Fakes;

/// <summary>
/// Sits between Kestrel's HTTP/2 connection and its socket (a connection middleware on the h2c
/// listener, and inside TLS on the TLS listener's h2 connections) and reads the frame headers going
/// out, so a token's write time is when its bytes were handed to the socket. Over HTTP/2 a
/// response write only queues the stream for the connection's frame writer, which sends on a
/// thread-pool thread of its own later; a stamp taken at the response flush would put that hop,
/// which is the fake's, in the client's delivery time.
/// </summary>
/// <remarks>
/// A stream registers the body offset each token ends at (<see cref="StampWhenSent"/>); when the
/// connection flushes, every registered token whose stream's DATA payload has reached its offset
/// gets the flush's timestamp, taken before the socket send like the HTTP/1.1 stamp. Kestrel sends
/// DATA frames unpadded, so payload bytes are body bytes.
/// </remarks>
internal sealed class Http2SendTap : IDuplexPipe
{
    /// <summary>Key of the tap in the connection's items (<c>IConnectionItemsFeature</c>).</summary>
    public const string ItemKey = "harness.http2-send-tap";

    private const int FrameHeaderLength = 9;
    private const byte DataFrame = 0x0, HeadersFrame = 0x1, RstStreamFrame = 0x3;
    private const byte EndStreamFlag = 0x1;

    private readonly object _gate = new();
    private readonly Dictionary<int, StreamLedger> _streams = [];

    // Frame parsing and credits: touched only by the connection's writer (one at a time).
    private readonly List<(int Stream, int Bytes, bool Ends)> _credits = [];
    private readonly byte[] _header = new byte[FrameHeaderLength];
    private int _headerFill;
    private long _payloadLeft;

    /// <summary>Taps every connection of <paramref name="listener"/>, which must speak HTTP/2 only (h2c): the tap reads its bytes as frames.</summary>
    public static void Install(ListenOptions listener) =>
        listener.Use(next => connection => next(Tap(connection)));

    /// <summary>
    /// Taps the connections of a TLS listener that ALPN took to HTTP/2; the rest (HTTP/1.1, whose
    /// flush sends inline) pass untouched. Call after <c>UseHttps</c>, so the tap sits inside TLS
    /// and reads plain frames, and its stamp is taken before encryption and the socket send.
    /// </summary>
    public static void InstallAfterTls(ListenOptions listener) =>
        listener.Use(next => connection =>
            next(connection.Features.Get<ITlsApplicationProtocolFeature>()?.ApplicationProtocol.Span.SequenceEqual("h2"u8) == true
                ? Tap(connection)
                : connection));

    private static ConnectionContext Tap(ConnectionContext connection)
    {
        var tap = new Http2SendTap(connection.Transport);
        connection.Transport = tap;
        connection.Items[ItemKey] = tap;
        return connection;
    }

    public Http2SendTap(IDuplexPipe inner)
    {
        Input = inner.Input;
        Output = new TapWriter(this, inner.Output);
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    /// <summary>
    /// Sets <c>record.Written[token]</c> when stream <paramref name="streamId"/>'s DATA payload
    /// reaches <paramref name="bodyOffset"/> bytes on its way to the socket.
    /// </summary>
    public void StampWhenSent(int streamId, long bodyOffset, FakeWriteRecord record, int token)
    {
        record.StampedByConnection = true;
        lock (_gate)
        {
            if (!_streams.TryGetValue(streamId, out var ledger))
            {
                _streams[streamId] = ledger = new StreamLedger();
            }

            if (ledger.Sent >= bodyOffset)
            {
                record.Written[token] = Stopwatch.GetTimestamp();
                return;
            }

            ledger.Waiting.Enqueue((bodyOffset, record, token));
        }
    }

    private void Scan(ReadOnlySpan<byte> written)
    {
        while (!written.IsEmpty)
        {
            if (_payloadLeft > 0)
            {
                var skip = (int)Math.Min(_payloadLeft, written.Length);
                _payloadLeft -= skip;
                written = written[skip..];
                continue;
            }

            var take = Math.Min(FrameHeaderLength - _headerFill, written.Length);
            written[..take].CopyTo(_header.AsSpan(_headerFill));
            _headerFill += take;
            written = written[take..];
            if (_headerFill < FrameHeaderLength)
            {
                return;
            }

            _headerFill = 0;
            var length = (_header[0] << 16) | (_header[1] << 8) | _header[2];
            var type = _header[3];
            var ends = (_header[4] & EndStreamFlag) != 0;
            var stream = (int)(BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(5)) & 0x7FFF_FFFF);
            _payloadLeft = length;
            if (type == DataFrame || (ends && type == HeadersFrame) || type == RstStreamFrame)
            {
                _credits.Add((stream, type == DataFrame ? length : 0, ends || type == RstStreamFrame));
            }
        }
    }

    private void Credit()
    {
        if (_credits.Count == 0)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            foreach (var (stream, bytes, ends) in _credits)
            {
                if (!_streams.TryGetValue(stream, out var ledger))
                {
                    if (ends)
                    {
                        continue;
                    }

                    _streams[stream] = ledger = new StreamLedger();
                }

                ledger.Sent += bytes;
                while (ledger.Waiting.TryPeek(out var w) && w.Offset <= ledger.Sent)
                {
                    w.Record.Written[w.Token] = now;
                    ledger.Waiting.Dequeue();
                }

                if (ends)
                {
                    _streams.Remove(stream);
                }
            }
        }

        _credits.Clear();
    }

    private sealed class StreamLedger
    {
        public long Sent;
        public readonly Queue<(long Offset, FakeWriteRecord Record, int Token)> Waiting = new();
    }

    /// <summary>Forwards to the socket's writer, reading each advanced span and crediting streams at each flush.</summary>
    private sealed class TapWriter(Http2SendTap tap, PipeWriter inner) : PipeWriter
    {
        private Memory<byte> _lent;

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        public override Memory<byte> GetMemory(int sizeHint = 0) => _lent = inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        public override void Advance(int bytes)
        {
            tap.Scan(_lent.Span[..bytes]);
            _lent = _lent[bytes..];
            inner.Advance(bytes);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            tap.Credit();
            return inner.FlushAsync(cancellationToken);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
    }
}
