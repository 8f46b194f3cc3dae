using Harness.Core.Sse;

namespace Harness.Conformance.Parsers;

/// <summary>The harness's own <see cref="SseReader"/>.</summary>
public sealed class HarnessSseReaderAdapter : ISseParserAdapter
{
    /// <inheritdoc/>
    public string Name => "harness SseReader";

    /// <inheritdoc/>
    public IReadOnlyList<ParsedEvent> Parse(Stream stream)
    {
        var events = new List<ParsedEvent>();
        using var reader = new SseReader(stream, new SseReaderOptions { LeaveOpen = true });
        while (reader.Read())
        {
            events.Add(new ParsedEvent(reader.EventType, reader.GetDataString(), reader.LastEventId));
        }

        return events;
    }
}
