using System.Buffers;

namespace Harness.Clients.Redaction;

/// <summary>
/// Redaction of a stream of text or bytes that arrives in pieces: a secret split across two writes
/// is still found, because a piece's tail that could be the start of a secret is held back until
/// the next piece shows whether it is (escaped forms too, see <see cref="EscapedSecretMatcher{T}"/>).
/// A write therefore emits at once everything that cannot be part of a secret; <see cref="Complete"/>
/// emits the held tail at the end.
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
    public void Write(ReadOnlySpan<T> input, EscapedSecretMatcher<T>[] secrets, ReadOnlySpan<T> replacement, Sink sink)
    {
        if (_heldLength == 0)
        {
            Process(input, secrets, replacement, sink, final: false);
            return;
        }

        int length = _heldLength + input.Length;
        T[] joined = ArrayPool<T>.Shared.Rent(length);
        try
        {
            _held.AsSpan(0, _heldLength).CopyTo(joined);
            input.CopyTo(joined.AsSpan(_heldLength));
            _heldLength = 0;
            Process(joined.AsSpan(0, length), secrets, replacement, sink, final: false);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(joined);
        }
    }

    /// <summary>The input has ended: emits the held tail, with any secret it holds after all replaced.</summary>
    public void Complete(EscapedSecretMatcher<T>[] secrets, ReadOnlySpan<T> replacement, Sink sink)
    {
        if (_heldLength > 0)
        {
            int length = _heldLength;
            _heldLength = 0;
            Process(_held.AsSpan(0, length), secrets, replacement, sink, final: true);
        }
    }

    private void Process(ReadOnlySpan<T> work, EscapedSecretMatcher<T>[] secrets, ReadOnlySpan<T> replacement, Sink sink, bool final)
    {
        while (true)
        {
            var match = SecretMatch.None;
            foreach (var secret in secrets)
            {
                var found = secret.Find(work, final);
                // Earliest; at one start a possible longer one (held, to be decided) before a whole one, else the longer.
                if (found.Found && (!match.Found || found.Start < match.Start
                    || (found.Start == match.Start && !match.Partial && (found.Partial || found.Length > match.Length))))
                {
                    match = found;
                }
            }

            if (!match.Found)
            {
                if (work.Length > 0)
                {
                    sink(work);
                }

                return;
            }

            if (match.Start > 0)
            {
                sink(work[..match.Start]);
            }

            if (match.Partial)
            {
                // The shortest tail that can still become a secret: everything from its possible start.
                Hold(work[match.Start..]);
                return;
            }

            sink(replacement);
            work = work[(match.Start + match.Length)..];
        }
    }

    private void Hold(ReadOnlySpan<T> tail)
    {
        if (_held.Length < tail.Length)
        {
            _held = new T[Math.Max(tail.Length, _held.Length * 2)];
        }

        tail.CopyTo(_held);
        _heldLength = tail.Length;
    }
}
