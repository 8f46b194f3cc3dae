using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Harness.Core.Sse;

// Line handling shared by the sync and async paths. Spec quotes are from the WHATWG HTML
// standard, section "Interpreting an event stream".
public sealed partial class SseReader
{
    /// <summary>
    /// Parses the lines already buffered until an event is dispatched (true) or more input is
    /// needed (false). Consumes every complete line it looks at.
    /// </summary>
    private bool TryParseBuffered()
    {
        var span = SourceSpan;

        // Spec: "One leading U+FEFF BYTE ORDER MARK character must be ignored if any are present."
        if (!_bomChecked && !TrySkipBom(span))
        {
            return false;
        }

        while (true)
        {
            if (_skipLfAfterCr)
            {
                // The previous line ended in a CR that was the last buffered byte; an LF now
                // starting the buffer belongs to that same line end.
                if (_start == _end)
                {
                    if (!_eof)
                    {
                        return false;
                    }
                }
                else if (span[_start] == Lf)
                {
                    _start++;
                }

                _skipLfAfterCr = false;
                _searchFrom = Math.Max(_searchFrom, _start);
            }

            if (!_hasData)
            {
                if (_eventTypeLength == 0 && TryDispatchSingleDataEvent(span))
                {
                    return true;
                }
            }
            else if (_searchFrom == _start && TryAppendDataLine(span))
            {
                continue;
            }

            // Spec: "Lines must be separated by either a U+000D CARRIAGE RETURN U+000A LINE FEED
            // (CRLF) character pair, a single U+000A LINE FEED (LF) character, or a single
            // U+000D CARRIAGE RETURN (CR) character."
            int found = span[_searchFrom.._end].IndexOfAny(Cr, Lf);
            if (found < 0)
            {
                _searchFrom = _end;
                if (_end - _start > _maxEventSize)
                {
                    ThrowTooLarge(_sourceOffset + _start + _maxEventSize);
                }

                if (_eof)
                {
                    // Spec: "Once the end of the file is reached, any pending data must be
                    // discarded. (If the file ends in the middle of an event, before the final
                    // empty line, the incomplete event is not dispatched.)"
                    _start = _end;
                    ResetEvent();
                }

                return false;
            }

            int lineEnd = _searchFrom + found;
            int next = AfterLineEnd(span, lineEnd);

            int lineStart = _start;
            _start = next;
            _searchFrom = next;
            if (lineEnd - lineStart > _maxEventSize)
            {
                ThrowTooLarge(_sourceOffset + lineStart + _maxEventSize);
            }

            if (ProcessLine(span[lineStart..lineEnd], lineStart))
            {
                return true;
            }
        }
    }

    /// <summary>
    /// The next event when it is the common one (see <see cref="TryDispatchSingleDataEvent"/>) and
    /// no state of the general path is pending: the way most reads go, in a frame much smaller than
    /// <see cref="TryParseBuffered"/>'s.
    /// </summary>
    private bool TryDispatchNextSingleDataEvent() =>
        _bomChecked && !_skipLfAfterCr && !_hasData && _eventTypeLength == 0
        && TryDispatchSingleDataEvent(SourceSpan);

    /// <summary>
    /// The common event in one step: <c>data: VALUE</c>, then a blank line, both LF or both CRLF,
    /// all in the buffer, with no field of the event seen before. The outcome is the one the general
    /// rules give such an event (one data line kept in place, then dispatch); any other shape
    /// returns false having consumed nothing, and the general path takes it from where this search
    /// stopped (the bytes before hold no line end).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryDispatchSingleDataEvent(ReadOnlySpan<byte> span)
    {
        var rest = span[_start.._end];

        // "data: " and at least the two line ends such an event needs. Spec: "If value starts with
        // a U+0020 SPACE character, remove it from value."
        if (rest.Length < DataPrefixLength + 2 || !StartsWithDataPrefix(rest))
        {
            return false;
        }

        // The search resumes where the last one stopped: an event cut by the end of a read is
        // searched once, not again after each read.
        int from = Math.Max(_searchFrom - _start, DataPrefixLength);
        int found = Vector256.IsHardwareAccelerated ? IndexOfLineEnd(span, _start + from) : rest[from..].IndexOfAny(Cr, Lf);
        if (found < 0)
        {
            _searchFrom = _end; // no line end yet; the general path applies the size limit and EOF
            return false;
        }

        // The value is free of CR and LF (the search stopped at the first); the line end must be
        // followed by an empty line with the same ending, or the general path decides, finding
        // the line end where this search did (also for a line past the size limit).
        int lineEnd = from + found;
        _searchFrom = _start + lineEnd;
        if (lineEnd > _maxEventSize)
        {
            return false;
        }

        // LF LF, or CR LF CR LF as one 32-bit compare in native order (on a big-endian machine that
        // never matches, and the general path decides).
        int consumed;
        if (rest[lineEnd] == Lf)
        {
            if (lineEnd + 1 >= rest.Length || rest[lineEnd + 1] != Lf)
            {
                return false;
            }

            consumed = lineEnd + 2;
        }
        else if (lineEnd + 3 < rest.Length
            && Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref MemoryMarshal.GetReference(rest), lineEnd)) == CrLfCrLf)
        {
            consumed = lineEnd + 4;
        }
        else
        {
            return false;
        }

        int dataStart = _start + DataPrefixLength;
        int dataLength = lineEnd - DataPrefixLength;
        _start += consumed;
        _searchFrom = _start;
        if (_lastEventIdBufferSet || !ReferenceEquals(_dispatchedTypeString, DefaultEventType))
        {
            _hasData = true;
            _dataSliceStart = dataStart;
            _dataLength = dataLength;
            return Dispatch();
        }

        // What Dispatch does for this event when the last event ID cannot change and the previous
        // event was a "message" too; the data buffers are already empty, as ResetEvent left them.
        DispatchSourceSlice(dataStart, dataLength);
        _eventStartOffset = -1;
        _eventCount++;
        return true;
    }

    /// <summary>
    /// The first CR or LF in <c>span[from.._end]</c>, as its distance from <paramref name="from"/>,
    /// or -1: <c>IndexOfAny(Cr, Lf)</c> inlined into the one-event path, where a chunk-sized line is
    /// a few vectors and the call and its set-up are a measurable share (docs/benchmarks.md), in
    /// blocks of 64 bytes. The block the last search stopped in is kept with its mask
    /// (<see cref="_lineEndBlock"/>): the next event starts in it, so consecutive searches go on from
    /// where the last one loaded rather than each loading from its own start, which put most bytes
    /// under two loads.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int IndexOfLineEnd(ReadOnlySpan<byte> span, int from)
    {
        int end = _end;
        int i = from;
        int block = _lineEndBlock;
        if ((uint)(from - block) < LineEndBlockSize)
        {
            ulong known = _lineEndBits >> (from - block);
            if (known != 0)
            {
                return BitOperations.TrailingZeroCount(known);
            }

            i = block + LineEndBlockSize;
        }

        ref byte first = ref MemoryMarshal.GetReference(span);
        while (i <= end - LineEndBlockSize)
        {
            ulong ends = LineEnds(ref first, i);
            if (ends != 0)
            {
                _lineEndBlock = i;
                _lineEndBits = ends;
                return i - from + BitOperations.TrailingZeroCount(ends);
            }

            i += LineEndBlockSize;
        }

        if (i >= end)
        {
            return -1;
        }

        // Under a block left: the buffer's last 64 bytes, those before i known to hold none.
        int last = end - LineEndBlockSize;
        if (last < 0)
        {
            int found = span[i..end].IndexOfAny(Cr, Lf);
            return found < 0 ? -1 : i - from + found;
        }

        ulong tail = LineEnds(ref first, last);
        _lineEndBlock = last;
        _lineEndBits = tail;
        tail >>= i - last;
        return tail != 0 ? i - from + BitOperations.TrailingZeroCount(tail) : -1;
    }

    /// <summary>A bit per byte of the 64 at <paramref name="first"/> + <paramref name="at"/> (lowest first), set where it is CR or LF: one 64-byte vector, or two 32-byte ones.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LineEnds(ref byte first, int at) => Vector512.IsHardwareAccelerated
        ? LineEnds(Vector512.LoadUnsafe(ref first, (nuint)at))
        : LineEnds(Vector256.LoadUnsafe(ref first, (nuint)at)) | ((ulong)LineEnds(Vector256.LoadUnsafe(ref first, (nuint)at + 32)) << 32);

    /// <summary>A bit per byte of <paramref name="bytes"/> (lowest first), set where it is CR or LF.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint LineEnds(Vector256<byte> bytes) =>
        (Vector256.Equals(bytes, Vector256.Create(Cr)) | Vector256.Equals(bytes, Vector256.Create(Lf))).ExtractMostSignificantBits();

    /// <summary>A bit per byte of <paramref name="bytes"/> (lowest first), set where it is CR or LF.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LineEnds(Vector512<byte> bytes) =>
        (Vector512.Equals(bytes, Vector512.Create(Cr)) | Vector512.Equals(bytes, Vector512.Create(Lf))).ExtractMostSignificantBits();

    private bool TrySkipBom(ReadOnlySpan<byte> span)
    {
        var available = span[_start.._end];
        var bom = "\uFEFF"u8;
        if (available.Length < bom.Length && !_eof && bom.StartsWith(available))
        {
            return false; // could still be a BOM: wait for more bytes
        }

        if (available.StartsWith(bom))
        {
            _start += bom.Length;
            _searchFrom = _start;
        }

        _bomChecked = true;
        return true;
    }
}
