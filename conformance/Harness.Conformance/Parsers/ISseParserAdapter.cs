namespace Harness.Conformance.Parsers;

/// <summary>
/// Puts one SSE parser through the rule cases of <see cref="SseRuleCases"/>: parse the whole stream
/// and return the events the parser's user would see. Throwing counts as breaking the rule.
/// </summary>
/// <example>
/// <code>
/// public sealed class MyParserAdapter : ISseParserAdapter
/// {
///     public string Name => "my-parser";
///     public IReadOnlyList&lt;ParsedEvent&gt; Parse(Stream stream) =&gt;
///         [.. MyParser.ReadAll(stream).Select(e =&gt; new ParsedEvent(e.Name ?? "message", e.Data, e.Id ?? ""))];
/// }
/// </code>
/// </example>
public interface ISseParserAdapter
{
    /// <summary>Short name for the matrix column.</summary>
    string Name { get; }

    /// <summary>Parses <paramref name="stream"/> to its end and returns every dispatched event.</summary>
    IReadOnlyList<ParsedEvent> Parse(Stream stream);
}
