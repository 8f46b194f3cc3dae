namespace Harness.Conformance.Parsers;

/// <summary>One event as a parser dispatched it.</summary>
/// <param name="Type">Event type (<c>message</c> by default).</param>
/// <param name="Data">The data buffer.</param>
/// <param name="LastEventId">The last event ID at dispatch (empty when none).</param>
public sealed record ParsedEvent(string Type, string Data, string LastEventId)
{
    /// <summary>A default-typed event with no id.</summary>
    public static ParsedEvent Message(string data) => new("message", data, "");

    /// <summary>A compact form for evidence: <c>type:"data"#id</c>.</summary>
    public override string ToString() =>
        $"{(Type == "message" ? "" : Type + ":")}\"{Data.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal)}\"{(LastEventId.Length == 0 ? "" : "#" + LastEventId)}";
}
