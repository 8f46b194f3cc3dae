using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Harness.Core.Sse;

/// <summary>
/// An incremental, allocation-free reader of a <c>text/event-stream</c>, following the WHATWG HTML
/// "event stream interpretation" rules to the letter.
/// </summary>
/// <remarks>
/// <para>
/// Call <see cref="Read"/> or <see cref="ReadAsync"/> until it returns <see langword="false"/> (end of
/// stream); each <see langword="true"/> means one event was dispatched and its fields are readable
/// through <see cref="Data"/>, <see cref="EventTypeUtf8"/>, <see cref="EventType"/> and
/// <see cref="LastEventId"/> until the next call. The sync and async paths differ only in how the
/// buffer is filled; line handling is one shared method.
/// </para>
/// <para>
/// Memory is bounded by <see cref="SseReaderOptions.MaxEventSize"/>: an event whose data, or a
/// single line, would pass it ends the read with <see cref="SseEventTooLargeException"/>.
/// </para>
/// <para>
/// Payload meaning (<c>[DONE]</c>, JSON) is not this type's business; see
/// <see cref="Harness.Core.OpenAI.ChatStreamReader"/>.
/// </para>
/// </remarks>
public sealed partial class SseReader : IDisposable
{
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';

    /// <summary>The default event type.</summary>
    public const string DefaultEventType = "message";

    // "data" and ": " read as little-endian integers, for the fast field checks.
    private const uint DataFieldPrefix = 0x61746164; // "data"
    private const ushort ColonSpace = 0x203A;          // ": "
    private const int DataPrefixLength = 6;
    private const uint CrLfCrLf = 0x0A0D0A0D;           // "\r\n\r\n"
    private const int LineEndBlockSize = 64;           // bytes per line-end mask (IndexOfLineEnd)
    private const int NoLineEndBlock = -LineEndBlockSize; // no position is in [-64, 0)

    private static readonly byte[] s_messageUtf8 = "message"u8.ToArray();

    private readonly Stream? _stream;
    private readonly int _maxEventSize;
    private readonly int _readSize;
    private readonly bool _leaveOpen;

    // The bytes being parsed: a pooled array filled from the stream, or the caller's memory.
    private byte[]? _rented;
    private ReadOnlyMemory<byte> _source;
    private byte[]? _sourceArray;  // the array behind _source when there is one: its span needs no type check
    private int _sourceArrayOffset;
    private int _start;           // first unconsumed byte in _source
    private int _end;             // end of valid bytes in _source
    private int _searchFrom;      // where the last line-end search stopped, so long lines are not rescanned
    private long _sourceOffset;   // stream offset of _source[0]
    private bool _eof;
    private bool _bomChecked;
    private bool _skipLfAfterCr;  // the last line ended in a CR at the end of the buffer

    // The 64 bytes at _source[_lineEndBlock..] and a bit per byte set at each CR or LF: where the
    // one-event path's last search stopped (IndexOfLineEnd). Valid while the bytes stay where they
    // are: PrepareFill, which moves them, forgets it.
    private int _lineEndBlock = NoLineEndBlock;
    private ulong _lineEndBits;

    // Spec: "data buffer". Either a slice of _source (a single data line, no copy yet) or _data.
    private byte[] _data;
    private int _dataLength;      // length in _data, or of the slice
    private int _dataSliceStart = -1; // >= 0: the data is _source[_dataSliceStart.._dataSliceStart+_dataLength]
    private bool _hasData;        // at least one data line seen (the buffer may still be empty text)

    // Spec: "event type buffer".
    private byte[] _eventType;
    private int _eventTypeLength;

    // Spec: "last event ID buffer", and the "last event ID string" it is copied to at dispatch.
    // The string is made only when asked for after the bytes changed.
    private byte[] _lastEventIdBuffer;
    private int _lastEventIdBufferLength;
    private bool _lastEventIdBufferSet;   // an id field since the last dispatch: the string may change
    private byte[] _lastEventIdUtf8;
    private int _lastEventIdUtf8Length;
    private string? _lastEventIdString = string.Empty;

    // The dispatched event's type, kept as bytes plus a one-entry string cache.
    private byte[] _dispatchedType;
    private int _dispatchedTypeLength;
    private string? _dispatchedTypeString;
    // The dispatched event's data: a slice of an array (the input or _data), or, for input memory
    // with no array behind it, _dispatchedMemory.
    private byte[]? _dispatchedArray;
    private int _dispatchedOffset;
    private int _dispatchedLength;
    private ReadOnlyMemory<byte> _dispatchedMemory;

    private long _eventStartOffset = -1;
    private long _eventCount;

    /// <summary>Reads events from <paramref name="stream"/>, which stays open unless the options say otherwise.</summary>
    public SseReader(Stream stream, SseReaderOptions? options = null)
        : this(options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _rented = ArrayPool<byte>.Shared.Rent(_readSize);
        _source = _rented;
        _sourceArray = _rented;
    }

    /// <summary>Reads events from bytes already in memory, without copying them.</summary>
    public SseReader(ReadOnlyMemory<byte> utf8, SseReaderOptions? options = null)
        : this(options)
    {
        _source = utf8;
        if (MemoryMarshal.TryGetArray(utf8, out var segment))
        {
            _sourceArray = segment.Array;
            _sourceArrayOffset = segment.Offset;
        }

        _end = utf8.Length;
        _eof = true;
    }

    // Not inlined: five pool rentals inlined into a caller's read loop used up the JIT's inlining
    // budget for it, and the one-event path was then left a call per event.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private SseReader(SseReaderOptions? options)
    {
        options ??= SseReaderOptions.Default;
        options.Validate();
        _maxEventSize = options.MaxEventSize;
        _readSize = options.ReadBufferSize;
        _leaveOpen = options.LeaveOpen;
        _data = ArrayPool<byte>.Shared.Rent(256);
        _eventType = ArrayPool<byte>.Shared.Rent(64);
        _lastEventIdBuffer = ArrayPool<byte>.Shared.Rent(64);
        _lastEventIdUtf8 = ArrayPool<byte>.Shared.Rent(64);
        _dispatchedType = ArrayPool<byte>.Shared.Rent(64);
    }

    /// <summary>The dispatched event's data, as UTF-8 bytes; a single-line event's data is not copied.</summary>
    public ReadOnlySpan<byte> Data => _dispatchedArray is { } array
        ? new ReadOnlySpan<byte>(array, _dispatchedOffset, _dispatchedLength)
        : _dispatchedMemory.Span;

    /// <summary>The dispatched event's data as memory, valid until the next read.</summary>
    public ReadOnlyMemory<byte> DataMemory => _dispatchedArray is { } array
        ? new ReadOnlyMemory<byte>(array, _dispatchedOffset, _dispatchedLength)
        : _dispatchedMemory;

    /// <summary>The dispatched event's type as UTF-8 bytes (<c>message</c> unless an <c>event</c> field set it).</summary>
    public ReadOnlySpan<byte> EventTypeUtf8 => _dispatchedType.AsSpan(0, _dispatchedTypeLength);

    /// <summary>The dispatched event's type. Cached, so a repeated type allocates once.</summary>
    public string EventType => _dispatchedTypeString ??= Encoding.UTF8.GetString(EventTypeUtf8);

    /// <summary>
    /// The stream's last event ID (spec: "last event ID string"): set at every dispatch attempt,
    /// including one with empty data, and kept across events until an <c>id</c> field changes it.
    /// </summary>
    public string LastEventId => _lastEventIdString ??= Encoding.UTF8.GetString(LastEventIdUtf8);

    /// <summary>The stream's last event ID as UTF-8 bytes (see <see cref="LastEventId"/>).</summary>
    public ReadOnlySpan<byte> LastEventIdUtf8 => _lastEventIdUtf8.AsSpan(0, _lastEventIdUtf8Length);

    /// <summary>The reconnection time from the last valid <c>retry</c> field, if any.</summary>
    public TimeSpan? ReconnectionTime { get; private set; }

    /// <summary>How many events have been dispatched so far.</summary>
    public long EventCount => _eventCount;

    /// <summary>How many bytes of the input have been consumed so far.</summary>
    public long BytesConsumed => _sourceOffset + _start;

    /// <summary>The input buffer's size (tests check that it stays bounded).</summary>
    internal int BufferCapacity => _rented?.Length ?? 0;

    /// <summary>The dispatched event's data decoded as a string (invalid UTF-8 becomes U+FFFD).</summary>
    public string GetDataString() => Encoding.UTF8.GetString(Data);

    /// <summary>A copy of the dispatched event, for callers that keep events.</summary>
    public SseEvent ToEvent() => new(EventType, GetDataString(), LastEventId);

    /// <summary>Reads until the next event is dispatched; <see langword="false"/> at end of stream.</summary>
    public bool Read()
    {
        if (TryDispatchNextSingleDataEvent())
        {
            return true;
        }

        while (true)
        {
            if (TryParseBuffered())
            {
                return true;
            }

            if (_eof)
            {
                return false;
            }

            var target = PrepareFill();
            int n = _stream!.Read(target.Span);
            CompleteFill(n);
        }
    }

    /// <summary>Reads until the next event is dispatched; <see langword="false"/> at end of stream.</summary>
    /// <remarks>
    /// An event already buffered completes synchronously with no state machine; a read that must
    /// wait for the stream uses a pooled one, so a stream read per event allocates nothing.
    /// </remarks>
    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (TryDispatchNextSingleDataEvent() || TryParseBuffered())
        {
            return new ValueTask<bool>(true);
        }

        return _eof ? new ValueTask<bool>(false) : FillAndReadAsync(cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> FillAndReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var target = PrepareFill();
            int n = await _stream!.ReadAsync(target, cancellationToken).ConfigureAwait(false);
            CompleteFill(n);
            if (TryParseBuffered())
            {
                return true;
            }

            if (_eof)
            {
                return false;
            }
        }
    }

    /// <summary>Returns the pooled buffers, and disposes the stream unless asked to leave it open.</summary>
    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
            _rented = null;
            _source = default;
            _sourceArray = null;
        }

        ReturnAndClear(ref _data);
        ReturnAndClear(ref _eventType);
        ReturnAndClear(ref _lastEventIdBuffer);
        ReturnAndClear(ref _lastEventIdUtf8);
        ReturnAndClear(ref _dispatchedType);
        if (!_leaveOpen)
        {
            _stream?.Dispose();
        }
    }

    private static void ReturnAndClear(ref byte[] array)
    {
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
            array = [];
        }
    }

    /// <summary>The whole of <c>_source</c> as a span, through the array behind it where there is one.</summary>
    private ReadOnlySpan<byte> SourceSpan => _sourceArray is { } array
        ? new ReadOnlySpan<byte>(array, _sourceArrayOffset, _source.Length)
        : _source.Span;

    /// <summary>Makes <c>_source[start..start+length]</c> the dispatched data.</summary>
    private void DispatchSourceSlice(int start, int length)
    {
        if (_sourceArray is { } array)
        {
            // Usually the same array as the last event's: skipping the store skips its GC write barrier.
            if (!ReferenceEquals(_dispatchedArray, array))
            {
                _dispatchedArray = array;
            }

            _dispatchedOffset = _sourceArrayOffset + start;
        }
        else
        {
            _dispatchedArray = null;
            _dispatchedMemory = _source.Slice(start, length);
        }

        _dispatchedLength = length;
    }

    /// <summary>Whether <paramref name="bytes"/> starts with <c>data: </c> (field "data", one space removed).</summary>
    private static bool StartsWithDataPrefix(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= DataPrefixLength
        && BinaryPrimitives.ReadUInt32LittleEndian(bytes) == DataFieldPrefix
        && BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]) == ColonSpace;

    /// <summary>
    /// Where the line ending at <paramref name="lineEnd"/> (a CR or LF in <paramref name="span"/>)
    /// lets the next one start. A CR ends the line at once, so a CR-terminated event is dispatched
    /// without waiting for the next read; a following LF is skipped now or, when the CR is the last
    /// buffered byte, when it comes.
    /// </summary>
    private int AfterLineEnd(ReadOnlySpan<byte> span, int lineEnd)
    {
        int next = lineEnd + 1;
        if (span[lineEnd] == Cr)
        {
            if (next < _end)
            {
                if (span[next] == Lf)
                {
                    next++;
                }
            }
            else
            {
                _skipLfAfterCr = true;
            }
        }

        return next;
    }

    /// <summary>Makes room for a read: compacts or grows the buffer, keeping unconsumed bytes.</summary>
    private Memory<byte> PrepareFill()
    {
        Debug.Assert(_rented is not null, "only stream mode fills");
        ObjectDisposedException.ThrowIf(_rented is null, this);

        // A data line still referenced in place must survive the move: copy it out first. This
        // happens only for an event whose blank line is not yet in the buffer.
        if (_dataSliceStart >= 0)
        {
            DetachDataSlice();
        }

        _lineEndBlock = NoLineEndBlock;

        if (_start > 0)
        {
            int unconsumed = _end - _start;
            Buffer.BlockCopy(_rented, _start, _rented, 0, unconsumed);
            _sourceOffset += _start;
            _searchFrom -= _start;
            _end = unconsumed;
            _start = 0;
        }

        // Keep at least half a read's worth of room (and never none, which would read as EOF).
        if (_rented.Length - _end < Math.Max(_readSize / 2, 1))
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_rented.Length * 2, _end + _readSize));
            Buffer.BlockCopy(_rented, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_rented);
            _rented = bigger;
            _source = bigger;
            _sourceArray = bigger;
        }

        return _rented.AsMemory(_end);
    }

    private void CompleteFill(int bytesRead)
    {
        if (bytesRead <= 0)
        {
            _eof = true;
        }
        else
        {
            _end += bytesRead;
        }
    }
}
