using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Harness.Core.Sse;

// A further data line of a multi-line event in one pass. The general path searches the line for
// its end and then copies the value into the data buffer: two passes over the same bytes. Here one
// vector load serves both the line-end test and the store.
public sealed partial class SseReader
{
    /// <summary>Longest value taken in one pass; longer lines take the general path.</summary>
    private const int FusedWindow = 1024;

    /// <summary>
    /// Bytes copied and tested per step where that many fit the window. One exit test per block,
    /// not per vector: lines whose lengths vary within a block leave at the same step each time, a
    /// branch the CPU predicts, where a per-vector exit is mispredicted on most lines
    /// (docs/benchmarks.md). Bytes past the line end land in the buffer's spare capacity.
    /// </summary>
    private const int LineEndBlock = 4 * 32;

    /// <summary>
    /// <c>data: VALUE</c> lines with their line ends, all buffered, in an event that already has data:
    /// appends LF and VALUE to the data buffer for each and consumes them, as the general rules
    /// would; true when it took at least one. It stops, having consumed nothing of it, at any other
    /// line, a value longer than <see cref="FusedWindow"/> or one that would pass the event size
    /// limit, and the general path takes that line.
    /// </summary>
    private bool TryAppendDataLine(ReadOnlySpan<byte> span)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            return false;
        }

        // The loop keeps the position and the data length in locals and stores them once at the end.
        int start = _start;
        int dataLength = _dataLength;

        // Consecutive data lines stay in this loop: the usual multi-line event is all data lines.
        while (!_skipLfAfterCr)
        {
            var rest = span[start.._end];
            if (rest.Length < DataPrefixLength + Vector256<byte>.Count || !StartsWithDataPrefix(rest))
            {
                break;
            }

            // The value may take what the size limit leaves for the data and for the line: past
            // either the general path throws.
            int window = Math.Min(Math.Min(rest.Length - DataPrefixLength, FusedWindow), _maxEventSize - Math.Max(dataLength + 1, DataPrefixLength));
            if (window < Vector256<byte>.Count)
            {
                break;
            }

            if (_dataSliceStart >= 0)
            {
                DetachDataSlice(); // only before the first line taken: _dataLength is still dataLength
            }

            // Room for whole vectors: bytes past the line end land in the buffer's spare capacity.
            EnsureCapacity(ref _data, dataLength + 1 + window, dataLength);
            var data = _data;
            int found = CopyUntilLineEnd(rest.Slice(DataPrefixLength, window), data.AsSpan(dataLength + 1, window));
            if (found < 0)
            {
                break; // the copy went to spare capacity only; the data length is unchanged
            }

            data[dataLength] = Lf;
            dataLength += 1 + found;
            start = AfterLineEnd(span, start + DataPrefixLength + found);
        }

        if (start == _start)
        {
            return false;
        }

        _start = start;
        _searchFrom = start;
        _dataLength = dataLength;
        return true;
    }

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="destination"/> (as long, at least one
    /// vector) up to its first CR or LF and returns that byte's index, or -1 when there is none
    /// (having copied it all).
    /// </summary>
    private static int CopyUntilLineEnd(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        ref byte src = ref MemoryMarshal.GetReference(source);
        ref byte dst = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        for (; i <= source.Length - LineEndBlock; i += LineEndBlock)
        {
            var v0 = Vector256.LoadUnsafe(ref src, (nuint)i);
            var v1 = Vector256.LoadUnsafe(ref src, (nuint)i + 32);
            var v2 = Vector256.LoadUnsafe(ref src, (nuint)i + 64);
            var v3 = Vector256.LoadUnsafe(ref src, (nuint)i + 96);
            v0.StoreUnsafe(ref dst, (nuint)i);
            v1.StoreUnsafe(ref dst, (nuint)i + 32);
            v2.StoreUnsafe(ref dst, (nuint)i + 64);
            v3.StoreUnsafe(ref dst, (nuint)i + 96);
            int inBlock = FirstLineEnd(v0, v1, v2, v3);
            if (inBlock < LineEndBlock)
            {
                return i + inBlock;
            }
        }

        int last = source.Length - Vector256<byte>.Count;
        while (true)
        {
            // The last vector may overlap the one before: its bytes before i held no line end.
            i = Math.Min(i, last);
            var v = Vector256.LoadUnsafe(ref src, (nuint)i);
            v.StoreUnsafe(ref dst, (nuint)i);
            uint ends = LineEnds(v);
            if (ends != 0)
            {
                return i + BitOperations.TrailingZeroCount(ends);
            }

            if (i == last)
            {
                return -1;
            }

            i += Vector256<byte>.Count;
        }
    }

    /// <summary>The index of the first CR or LF in the four vectors, or <see cref="LineEndBlock"/> when there is none; no branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FirstLineEnd(Vector256<byte> v0, Vector256<byte> v1, Vector256<byte> v2, Vector256<byte> v3)
    {
        int low = BitOperations.TrailingZeroCount(LineEnds(v0) | ((ulong)LineEnds(v1) << 32));
        int high = BitOperations.TrailingZeroCount(LineEnds(v2) | ((ulong)LineEnds(v3) << 32));

        // low is 64 exactly when the first half has none: then 64 + high (128 when neither has one).
        return low + (-(low >> 6) & high);
    }
}
