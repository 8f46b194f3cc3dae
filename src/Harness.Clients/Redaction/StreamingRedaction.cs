using System.Buffers;

namespace Harness.Clients.Redaction;

/// <summary>
/// Redaction of a stream of text or bytes that arrives in pieces: a secret split across two writes
/// is still found, because a piece's tail that could be the start of a secret is held back until
/// the next piece shows whether it is. A write therefore emits at once everything that cannot be
/// part of a secret; <see cref="Complete"/> emits the held tail at the end.
/// </summary>
/// <typeparam name="T"><see cref="char"/> for text, <see cref="byte"/> for UTF-8.</typeparam>
internal sealed class StreamingRedaction<T>
    where T : unmanaged, IEquatable<T>
{
    private T[] _held = new T[64];
    private int _heldLength;

    /// <summary>Receives redacted output, in order.</summary>
    public delegate void Sink(ReadOnlySpan<T> output);

    /// <summary>Whether a tail is held back.</summary>
    public bool Holding => _heldLength > 0;

    /// <summary>Redacts <paramref name="input"/> (after any held tail) into <paramref name="sink"/>.</summary>
    public void Write(ReadOnlySpan<T> input, T[][] secrets, ReadOnlySpan<T> replacement, Sink sink)
    {
        if (_heldLength == 0)
        {
            Process(input, secrets, replacement, sink);
            return;
        }

        int length = _heldLength + input.Length;
        T[] joined = ArrayPool<T>.Shared.Rent(length);
        try
        {
            _held.AsSpan(0, _heldLength).CopyTo(joined);
            input.CopyTo(joined.AsSpan(_heldLength));
            _heldLength = 0;
            Process(joined.AsSpan(0, length), secrets, replacement, sink);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(joined);
        }
    }

    /// <summary>Emits the held tail: the input has ended, so it was no secret.</summary>
    public void Complete(Sink sink)
    {
        if (_heldLength > 0)
        {
            sink(_held.AsSpan(0, _heldLength));
            _heldLength = 0;
        }
    }

    private void Process(ReadOnlySpan<T> work, T[][] secrets, ReadOnlySpan<T> replacement, Sink sink)
    {
        while (true)
        {
            int at = -1;
            int length = 0;
            foreach (var secret in secrets)
            {
                int i = work.IndexOf(secret);
                // Earliest match; on a tie the longer secret (they come longest first).
                if (i >= 0 && (at < 0 || i < at))
                {
                    at = i;
                    length = secret.Length;
                }
            }

            if (at < 0)
            {
                break;
            }

            if (at > 0)
            {
                sink(work[..at]);
            }

            sink(replacement);
            work = work[(at + length)..];
        }

        int hold = HeldTail(work, secrets);
        if (work.Length > hold)
        {
            sink(work[..^hold]);
        }

        if (hold > 0)
        {
            if (_held.Length < hold)
            {
                _held = new T[Math.Max(hold, _held.Length * 2)];
            }

            work[^hold..].CopyTo(_held);
            _heldLength = hold;
        }
    }

    /// <summary>The longest tail of <paramref name="work"/> that is the start (not the whole) of a secret.</summary>
    private static int HeldTail(ReadOnlySpan<T> work, T[][] secrets)
    {
        int longest = 0;
        foreach (var secret in secrets)
        {
            longest = Math.Max(longest, secret.Length - 1);
        }

        for (int h = Math.Min(longest, work.Length); h > 0; h--)
        {
            var tail = work[^h..];
            foreach (var secret in secrets)
            {
                if (secret.Length > h && secret.AsSpan().StartsWith(tail))
                {
                    return h;
                }
            }
        }

        return 0;
    }
}
