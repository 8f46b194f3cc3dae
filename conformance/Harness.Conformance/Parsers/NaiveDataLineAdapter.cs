using System.Text;

namespace Harness.Conformance.Parsers;

/// <summary>
/// The approach common in sample code: read lines, and for each line that starts with
/// <c>"data: "</c> take the rest as one event (<c>if line.startswith('data: '): handle(line[6:])</c>).
/// Lines come from a <see cref="StreamReader"/> (which, like Python's line iterators, splits on
/// CR, LF and CRLF and drops a UTF-8 BOM). No event types, no ids, no multi-line data.
/// </summary>
public sealed class NaiveDataLineAdapter : ISseParserAdapter
{
    /// <inheritdoc/>
    public string Name => "naive data: lines";

    /// <inheritdoc/>
    public IReadOnlyList<ParsedEvent> Parse(Stream stream)
    {
        var events = new List<ParsedEvent>();
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add(ParsedEvent.Message(line[6..]));
            }
        }

        return events;
    }
}
