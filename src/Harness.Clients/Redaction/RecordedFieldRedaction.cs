using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Harness.Clients.Redaction;

/// <summary>
/// Removes from recorded chunks a secret that no byte of them holds whole: one a server split
/// across the values of one JSON field in successive events or messages (the answer's content or
/// reasoning deltas, in any dialect), which joining those values gives back. Each field's values
/// (<see cref="RecordedBodyFields"/>) are joined and searched as text, escaped forms too; where a
/// secret is found, the value holding its start has <see cref="SecretRedactor.Replacement"/> in
/// its place and every value loses its part of it. Byte-level redaction across chunks
/// (<see cref="StreamingRedaction{T}"/>) still follows, for what is not JSON.
/// </summary>
/// <remarks>
/// Fields are matched by path, not by a dialect's decoder: the recorder does not know which dialect
/// (chat completions, Responses, a WebSocket dialect) the body speaks, and any field joined across
/// events can carry a split key. A rewritten value replaces the whole string literal and goes out
/// with the chunk that held the literal's last byte, so no byte is recorded earlier than it arrived
/// and every chunk keeps its arrival time. Chunks with nothing to rewrite are returned as they were.
/// </remarks>
internal static class RecordedFieldRedaction
{
    private static readonly JavaScriptEncoder s_encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary><paramref name="chunks"/> with every secret joined fields give back removed; the same list when there is none.</summary>
    public static IReadOnlyList<byte[]> Apply(IReadOnlyList<byte[]> chunks, EscapedSecretMatcher<char>[] secrets)
    {
        if (secrets.Length == 0 || chunks.Count == 0)
        {
            return chunks;
        }

        byte[] body = [.. chunks.SelectMany(c => c)];
        var edits = new List<(int Start, int End, byte[] Literal)>();
        foreach (var field in RecordedBodyFields.Find(body).GroupBy(f => f.Path, StringComparer.Ordinal))
        {
            Rewrite([.. field], secrets, edits);
        }

        if (edits.Count == 0)
        {
            return chunks;
        }

        edits.Sort((a, b) => a.Start.CompareTo(b.Start));
        return Redistribute(chunks, body, edits);
    }

    /// <summary>Adds an edit for each value of one field that holds part of a secret found in the values joined.</summary>
    private static void Rewrite(RecordedStringField[] values, EscapedSecretMatcher<char>[] secrets, List<(int Start, int End, byte[] Literal)> edits)
    {
        string joined = string.Concat(values.Select(v => v.Text));
        var matches = FindAll(joined, secrets);
        if (matches.Count == 0)
        {
            return;
        }

        int offset = 0;
        foreach (var value in values)
        {
            int end = offset + value.Text.Length;
            var text = new StringBuilder();
            int copied = offset;
            bool touched = false;
            foreach (var (matchStart, matchEnd) in matches)
            {
                if (matchEnd <= offset || matchStart >= end)
                {
                    continue;
                }

                touched = true;
                int from = Math.Max(matchStart, offset);
                text.Append(joined, copied, from - copied);
                if (matchStart >= offset)
                {
                    text.Append(SecretRedactor.Replacement);
                }

                copied = Math.Min(matchEnd, end);
            }

            if (touched)
            {
                text.Append(joined, copied, end - copied);
                edits.Add((value.Start, value.End, Literal(text.ToString())));
            }

            offset = end;
        }
    }

    /// <summary>Every secret in <paramref name="text"/>, earliest first; at one start the longest.</summary>
    private static List<(int Start, int End)> FindAll(string text, EscapedSecretMatcher<char>[] secrets)
    {
        var found = new List<(int, int)>();
        int pos = 0;
        while (pos < text.Length)
        {
            var best = SecretMatch.None;
            foreach (var secret in secrets)
            {
                var match = secret.Find(text.AsSpan(pos), final: true);
                if (match.Found && (!best.Found || match.Start < best.Start || (match.Start == best.Start && match.Length > best.Length)))
                {
                    best = match;
                }
            }

            if (!best.Found)
            {
                break;
            }

            found.Add((pos + best.Start, pos + best.Start + best.Length));
            pos += best.Start + best.Length;
        }

        return found;
    }

    /// <summary>A JSON string literal of <paramref name="text"/>, quotes included.</summary>
    private static byte[] Literal(string text) => [(byte)'"', .. JsonEncodedText.Encode(text, s_encoder).EncodedUtf8Bytes, (byte)'"'];

    /// <summary>The chunks again, each edit's literal in the chunk that held the last byte of what it replaces.</summary>
    private static byte[][] Redistribute(IReadOnlyList<byte[]> chunks, byte[] body, List<(int Start, int End, byte[] Literal)> edits)
    {
        var result = new byte[chunks.Count][];
        var output = new List<byte>();
        int next = 0;
        int chunkStart = 0;
        for (int k = 0; k < chunks.Count; k++)
        {
            int chunkEnd = chunkStart + chunks[k].Length;
            output.Clear();
            int pos = chunkStart;
            while (pos < chunkEnd)
            {
                if (next == edits.Count || pos < edits[next].Start)
                {
                    int until = next == edits.Count ? chunkEnd : Math.Min(chunkEnd, edits[next].Start);
                    output.AddRange(body.AsSpan(pos, until - pos));
                    pos = until;
                    continue;
                }

                var edit = edits[next];
                if (edit.End <= chunkEnd)
                {
                    output.AddRange(edit.Literal);
                    next++;
                }

                pos = Math.Min(chunkEnd, edit.End);
            }

            result[k] = [.. output];
            chunkStart = chunkEnd;
        }

        return result;
    }
}
