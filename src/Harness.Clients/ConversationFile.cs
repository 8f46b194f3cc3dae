using System.Text.Json;
using Harness.Core;

namespace Harness.Clients;

/// <summary>
/// A <c>--prompts FILE.jsonl</c> file: one conversation per line, each a JSON array of
/// <c>{"role", "content"}</c> messages (blank lines ignored). Requests cycle through them in order.
/// </summary>
public static class ConversationFile
{
    /// <summary>Reads the file.</summary>
    /// <exception cref="IOException">It cannot be read.</exception>
    /// <exception cref="FormatException">A line is not a messages array; the message names the line.</exception>
    public static IReadOnlyList<IReadOnlyList<ChatMessage>> Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"'{path}' {FileProblem.Describe(ex, path)}", ex);
        }

        return Parse(lines, path);
    }

    /// <summary>Parses the lines of a JSONL file; <paramref name="name"/> names it in errors.</summary>
    public static IReadOnlyList<IReadOnlyList<ChatMessage>> Parse(IReadOnlyList<string> lines, string name)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var conversations = new List<IReadOnlyList<ChatMessage>>();
        for (int i = 0; i < lines.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            conversations.Add(ParseLine(lines[i], $"{name}:{i + 1}"));
        }

        return conversations.Count > 0 ? conversations : throw new FormatException($"{name}: no conversations (one JSON array of messages per line)");
    }

    private static List<ChatMessage> ParseLine(string line, string where)
    {
        const string Expected = "expected a JSON array of {\"role\": ..., \"content\": ...} messages";
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{where}: not valid JSON ({JsonProblem.Describe(ex)}); {Expected}");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array || doc.RootElement.GetArrayLength() == 0)
            {
                throw new FormatException($"{where}: {Expected}");
            }

            var messages = new List<ChatMessage>();
            foreach (var m in doc.RootElement.EnumerateArray())
            {
                if (m.ValueKind != JsonValueKind.Object
                    || !m.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String
                    || !m.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
                {
                    throw new FormatException($"{where}: {Expected}");
                }

                messages.Add(new ChatMessage(role.GetString()!, content.GetString()!));
            }

            return messages;
        }
    }
}
