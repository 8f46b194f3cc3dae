using System.Buffers;
using System.Runtime.InteropServices;

namespace Harness.Core.Tests.Sse;

/// <summary>Bytes in native memory: a <see cref="Memory{T}"/> that no array backs.</summary>
public sealed unsafe class ArrayFreeMemory : MemoryManager<byte>
{
    private readonly byte* _bytes;
    private readonly int _length;

    public ArrayFreeMemory(ReadOnlySpan<byte> bytes)
    {
        _length = bytes.Length;
        _bytes = (byte*)NativeMemory.Alloc((nuint)Math.Max(_length, 1));
        bytes.CopyTo(new Span<byte>(_bytes, _length));
    }

    public override Span<byte> GetSpan() => new(_bytes, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_bytes + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing) => NativeMemory.Free(_bytes);
}
