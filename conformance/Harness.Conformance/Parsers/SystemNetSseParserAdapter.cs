using System.Net.ServerSentEvents;

namespace Harness.Conformance.Parsers;

/// <summary>
/// <c>System.Net.ServerSentEvents.SseParser</c>, read the way its users read it: each item's
/// <c>EventType</c>, <c>Data</c> and <c>EventId</c> (null taken as empty).
/// </summary>
public sealed class SystemNetSseParserAdapter : ISseParserAdapter
{
    /// <inheritdoc/>
    public string Name => "System.Net SseParser";

    /// <inheritdoc/>
    public IReadOnlyList<ParsedEvent> Parse(Stream stream) =>
        [.. SseParser.Create(stream).Enumerate().Select(item => new ParsedEvent(item.EventType, item.Data, item.EventId ?? ""))];
}
