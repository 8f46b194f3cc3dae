namespace Harness.Clients.Redaction;

/// <summary>
/// A JSON string value in a recorded body: the field it is the value of (<see cref="Path"/>, such as
/// <c>/choices/0/delta/content</c>, the same for that field in every event), where its literal lies
/// in the body (<see cref="Start"/> to <see cref="End"/>, quotes included) and its decoded text.
/// </summary>
internal readonly record struct RecordedStringField(string Path, int Start, int End, string Text);
