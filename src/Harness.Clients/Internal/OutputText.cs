using System.Buffers;

namespace Harness.Clients.Internal;

/// <summary>
/// The content and reasoning text of one attempt, kept (only when a tokenizer counts output) so its
/// tokens are counted once at the end rather than per delta. Appending copies bytes into pooled
/// buffers that grow by doubling: no allocation per delta. Content and reasoning are counted apart,
/// so no token is formed across their boundary.
/// </summary>
internal sealed class OutputText
{
    private byte[] _content = [];
    private byte[] _reasoning = [];
    private int _contentLength;
    private int _reasoningLength;

    public void AddContent(ReadOnlySpan<byte> utf8) => Append(ref _content, ref _contentLength, utf8);

    public void AddReasoning(ReadOnlySpan<byte> utf8) => Append(ref _reasoning, ref _reasoningLength, utf8);

    /// <summary>Whether any text arrived.</summary>
    public bool IsEmpty => _contentLength == 0 && _reasoningLength == 0;

    /// <summary>Tokens of the content plus tokens of the reasoning.</summary>
    public long Count(TokenCounter counter) =>
        (long)counter.Count(_content.AsSpan(0, _contentLength)) + counter.Count(_reasoning.AsSpan(0, _reasoningLength));

    /// <summary>Forgets the text (a turn sent again within the same attempt); keeps the buffers.</summary>
    public void Clear() => _contentLength = _reasoningLength = 0;

    /// <summary>Returns the buffers to the pool; the text is gone.</summary>
    public void Release()
    {
        Return(ref _content);
        Return(ref _reasoning);
        Clear();
    }

    private static void Append(ref byte[] buffer, ref int length, ReadOnlySpan<byte> utf8)
    {
        if (length + utf8.Length > buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(length + utf8.Length, Math.Max(256, buffer.Length * 2)));
            buffer.AsSpan(0, length).CopyTo(bigger);
            Return(ref buffer);
            buffer = bigger;
        }

        utf8.CopyTo(buffer.AsSpan(length));
        length += utf8.Length;
    }

    private static void Return(ref byte[] buffer)
    {
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
        }
    }
}
