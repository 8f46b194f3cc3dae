using System.Text;

namespace Harness.Conformance.Parsers;

/// <summary>
/// The WHATWG HTML "event stream interpretation" rules as cases
/// (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).
/// </summary>
public static class SseRuleCases
{
    private static readonly ParsedEvent[] s_none = [];

    /// <summary>Every case, in matrix order.</summary>
    public static IReadOnlyList<SseRuleCase> All { get; } =
    [
        SseRuleCase.Text("basic", "A data line then a blank line dispatches one message event.", "data: hello\n\n", M("hello")),
        SseRuleCase.Text("no-space-after-colon", "\"If value starts with a U+0020 SPACE character, remove it\": the space is optional.", "data:hello\n\n", M("hello")),
        SseRuleCase.Text("one-space-stripped", "Only one leading space is removed from the value.", "data:  two\n\n", M(" two")),
        SseRuleCase.Text("colon-in-value", "The field name ends at the first colon; later colons belong to the value.", "data: a: b\n\n", M("a: b")),
        SseRuleCase.Text("multi-line-data", "Each data line appends its value and a LF; the last LF is removed at dispatch.", "data: a\ndata: b\n\n", M("a\nb")),
        SseRuleCase.Text("crlf", "Lines end with CRLF, LF or CR.", "data: a\r\n\r\ndata: b\r\n\r\n", M("a"), M("b")),
        SseRuleCase.Text("cr-only", "A lone CR ends a line.", "data: a\r\rdata: b\r\r", M("a"), M("b")),
        SseRuleCase.Text("crlf-inside-event", "CRLF is one line end, also when CR and LF arrive in separate reads.", "data: a\r\ndata: b\r\n\r\n", M("a\nb")),
        SseRuleCase.Text("comment", "\"If the line starts with a U+003A COLON character (:), ignore the line.\"", ": ping\n\ndata: x\n\n", M("x")),
        SseRuleCase.Text("comment-inside-event", "A comment between data lines does not end or split the event.", "data: a\n: ping\ndata: b\n\n", M("a\nb")),
        SseRuleCase.Text("event-type", "An event field sets the type of the next dispatched event.", "event: add\ndata: 1\n\n", new ParsedEvent("add", "1", "")),
        SseRuleCase.Text("event-type-resets", "The event type buffer is reset after each dispatch.", "event: add\ndata: 1\n\ndata: 2\n\n", new ParsedEvent("add", "1", ""), M("2")),
        SseRuleCase.Text("id-persists", "The last event ID is kept for later events until another id field changes it.", "id: 7\ndata: a\n\ndata: b\n\n", new ParsedEvent("message", "a", "7"), new ParsedEvent("message", "b", "7")),
        SseRuleCase.Text("id-with-null-ignored", "\"If the field value does not contain U+0000 NULL\", set the last event ID; otherwise ignore the field.", "id: 1\ndata: a\n\nid: x\0y\ndata: b\n\n", new ParsedEvent("message", "a", "1"), new ParsedEvent("message", "b", "1")),
        SseRuleCase.Text("empty-id-resets", "An id field with an empty value resets the last event ID.", "id: 1\ndata: a\n\nid\ndata: b\n\n", new ParsedEvent("message", "a", "1"), M("b")),
        SseRuleCase.Text("no-data-no-dispatch", "\"If the data buffer is an empty string, set the data buffer and the event type buffer to the empty string and return.\"", "event: x\n\ndata: y\n\n", M("y")),
        SseRuleCase.Text("field-without-colon", "A line without a colon is a field name with an empty value: 'data' alone dispatches an empty event.", "data\n\n", M("")),
        SseRuleCase.Text("empty-data-lines", "Two empty data lines give one LF.", "data\ndata\n\n", M("\n")),
        SseRuleCase.Text("unterminated-event-discarded", "\"Once the end of the file is reached, any pending data must be discarded.\"", "data: a\n\ndata: b\n", M("a")),
        SseRuleCase.Text("unknown-field-ignored", "Fields other than event, data, id and retry are ignored.", "foo: bar\ndata: a\n\n", M("a")),
        SseRuleCase.Text("field-names-case-sensitive", "Field names are compared exactly: 'Data' is not 'data'.", "Data: x\n\ndata: y\n\n", M("y")),
        SseRuleCase.Text("leading-space-not-a-field", "' data' (leading space) is an unknown field, not data.", " data: x\n\n", s_none),
        SseRuleCase.Text("retry-not-data", "A retry field sets the reconnection time and adds no data.", "retry: 1000\ndata: a\n\n", M("a")),
        SseRuleCase.Text("bom-ignored", "\"One leading U+FEFF BYTE ORDER MARK character must be ignored if any are present.\"", "\uFEFFdata: a\n\n", M("a")),
        SseRuleCase.Text("utf8-multibyte", "The stream is UTF-8; a character split across reads is decoded whole.", "data: héllo 🌍 สวัสดี\n\n", M("héllo 🌍 สวัสดี")),
        new("invalid-utf8", "The stream is decoded with UTF-8 decode: an invalid byte becomes U+FFFD, the event survives.", [.. "data: a"u8, 0xFF, .. "b\n\n"u8], [M("a\uFFFDb")]),
        SseRuleCase.Text("long-line", "No line length limit in the rules: a 200 000-byte data line is one event.", "data: " + new string('x', 200_000) + "\n\n", M(new string('x', 200_000))),
    ];

    private static ParsedEvent M(string data) => ParsedEvent.Message(data);

    /// <summary>The input as printable text for reports (CR, LF, NUL and BOM escaped; long runs shortened).</summary>
    public static string Printable(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var text = Encoding.UTF8.GetString(input);
        if (text.Length > 60)
        {
            text = text[..40] + "…";
        }

        return text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\0", "\\0", StringComparison.Ordinal).Replace("\uFEFF", "\\uFEFF", StringComparison.Ordinal);
    }
}
