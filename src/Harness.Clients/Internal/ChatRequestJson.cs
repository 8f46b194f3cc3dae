using System.Text.Json;

namespace Harness.Clients.Internal;

/// <summary>The parts of a request body every dialect writes the same way.</summary>
internal static class ChatRequestJson
{
    /// <summary><c>[{"role":…,"content":…}, …]</c>.</summary>
    public static void WriteMessages(Utf8JsonWriter w, IReadOnlyList<ChatMessage> messages)
    {
        w.WriteStartArray();
        foreach (var m in messages)
        {
            w.WriteStartObject();
            w.WriteString("role"u8, m.Role);
            w.WriteString("content"u8, m.Content);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>The caller's extra string fields, as given.</summary>
    public static void WriteExtraFields(Utf8JsonWriter w, IReadOnlyDictionary<string, string>? fields)
    {
        if (fields is null)
        {
            return;
        }

        foreach (var (name, value) in fields)
        {
            w.WriteString(name, value);
        }
    }
}
