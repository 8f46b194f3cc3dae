namespace Harness.Clients.Redaction;

/// <summary>What one element of an escape pattern (<see cref="EscapeForms"/>) accepts.</summary>
internal enum EscapeElementKind
{
    /// <summary>Exactly this character.</summary>
    Exact,

    /// <summary>This hex digit or letter in either case (<c>%2f</c>/<c>%2F</c>, <c>&amp;#x</c>/<c>&amp;#X</c>).</summary>
    AnyCase,

    /// <summary>Leading zeros of a numeric character reference (<c>&amp;#0115;</c>), none or a few.</summary>
    Zeros,

    /// <summary>The <c>;</c> ending a numeric character reference, which HTML parsers also accept missing.</summary>
    OptionalSemicolon,
}
