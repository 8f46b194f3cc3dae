using System.Buffers;
using System.Text.Json;

namespace Harness.Clients.Internal;

/// <summary>A pooled, growing buffer that JSON string values are unescaped into, so reading one costs no allocation.</summary>
internal sealed class Utf8Scratch : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(256);

    /// <summary>Unescapes the current string token into the buffer and returns a view of it.</summary>
    public ReadOnlyMemory<byte> Copy(ref Utf8JsonReader reader)
    {
        var needed = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (needed > _buffer.Length)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(needed);
        }

        var written = reader.CopyString(_buffer);
        return _buffer.AsMemory(0, written);
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
