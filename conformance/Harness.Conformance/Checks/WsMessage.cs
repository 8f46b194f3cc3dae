using System.Net.WebSockets;
using System.Text.Json;
using Harness.Clients.Redaction;

namespace Harness.Conformance.Checks;

/// <summary>One message received on the WebSocket chat endpoint (or its close).</summary>
/// <param name="Kind">Text, binary or close.</param>
/// <param name="Text">The message text (UTF-8 decoded), or the close description.</param>
/// <param name="Type">The JSON <c>type</c> field when the text is a JSON object with one.</param>
/// <param name="CloseStatus">The close status when <paramref name="Kind"/> is close.</param>
internal sealed record WsMessage(WebSocketMessageType Kind, string Text, string? Type, WebSocketCloseStatus? CloseStatus)
{
    /// <summary>Reads a field of the JSON message, or null.</summary>
    public JsonElement? Field(string name)
    {
        try
        {
            using var doc = JsonDocument.Parse(Text);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var v) ? v.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A short description for evidence.</summary>
    public override string ToString() => Kind == WebSocketMessageType.Close
        ? $"close {(int?)CloseStatus} '{Text}'"
        : Type ?? $"{Kind.ToString().ToLowerInvariant()} frame '{SseCapture.OneLine(SecretRedactor.RedactThenClip(Text, 40, "..."))}'";
}
