using System.Text;

namespace Harness.Conformance.Parsers;

/// <summary>One WHATWG event-stream rule as a test case: raw input and the events a conforming parser dispatches.</summary>
/// <param name="Id">Short id, e.g. <c>multi-line-data</c>.</param>
/// <param name="Rule">The rule, quoted or summarised from the WHATWG HTML "event stream interpretation" section.</param>
/// <param name="Input">The raw stream bytes.</param>
/// <param name="Expected">The events, in order.</param>
public sealed record SseRuleCase(string Id, string Rule, byte[] Input, IReadOnlyList<ParsedEvent> Expected)
{
    /// <summary>A case whose input is UTF-8 text.</summary>
    public static SseRuleCase Text(string id, string rule, string input, params ParsedEvent[] expected) =>
        new(id, rule, Encoding.UTF8.GetBytes(input), expected);
}
