namespace Harness.Clients.Redaction;

/// <summary>One element of an escape pattern: a kind and, for <see cref="EscapeElementKind.Exact"/> and <see cref="EscapeElementKind.AnyCase"/>, the character (lower case).</summary>
internal readonly record struct EscapeElement(EscapeElementKind Kind, int Unit)
{
    public static EscapeElement Exact(int unit) => new(EscapeElementKind.Exact, unit);

    public static EscapeElement AnyCase(char c) => new(EscapeElementKind.AnyCase, c);
}
