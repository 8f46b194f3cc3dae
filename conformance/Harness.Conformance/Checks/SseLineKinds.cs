using System.Text;

namespace Harness.Conformance.Checks;

/// <summary>Counts of the kinds of lines in a raw event stream (CR, LF and CRLF all end a line, as in WHATWG).</summary>
internal sealed record SseLineKinds(int Blank, int Comments, int Fields, IReadOnlyList<string> Odd, IReadOnlyList<string> CommentSamples)
{
    private static readonly string[] s_knownFields = ["data", "event", "id", "retry"];

    /// <summary>Splits <paramref name="body"/> into lines and classifies them; an unterminated last line counts too.</summary>
    public static SseLineKinds Of(ReadOnlySpan<byte> body)
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            body = body[3..];
        }

        int blank = 0, comments = 0, fields = 0;
        var odd = new List<string>();
        var samples = new List<string>();
        while (!body.IsEmpty)
        {
            var end = body.IndexOfAny((byte)'\r', (byte)'\n');
            var line = end < 0 ? body : body[..end];
            if (line.IsEmpty)
            {
                blank++;
            }
            else if (line[0] == (byte)':')
            {
                comments++;
                if (samples.Count < 3)
                {
                    samples.Add(Encoding.UTF8.GetString(line));
                }
            }
            else
            {
                var colon = line.IndexOf((byte)':');
                var name = Encoding.UTF8.GetString(colon < 0 ? line : line[..colon]);
                if (s_knownFields.Contains(name, StringComparer.Ordinal))
                {
                    fields++;
                }
                else
                {
                    odd.Add(SseCapture.OneLine(Encoding.UTF8.GetString(line)));
                }
            }

            if (end < 0)
            {
                break;
            }

            body = body[(end + (body[end] == (byte)'\r' && end + 1 < body.Length && body[end + 1] == (byte)'\n' ? 2 : 1))..];
        }

        return new SseLineKinds(blank, comments, fields, odd, samples);
    }
}
