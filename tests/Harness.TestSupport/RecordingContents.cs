using System.Text;
using System.Text.Json;

namespace Harness.TestSupport;

/// <summary>
/// What a <c>stream --record</c> file holds, read back as someone looking for the key would: the
/// chunks' bytes joined, and every string field of the events (SSE <c>data:</c> JSON, or one JSON
/// message per line) joined across events, per field (<c>choices/0/delta/content</c> of all chunks
/// together is the answer text).
/// </summary>
public static class RecordingContents
{
    /// <summary>The chunk lines of a recording file: arrival time and bytes, in order.</summary>
    public static IReadOnlyList<(double Ms, byte[] Bytes)> Chunks(string file)
    {
        var chunks = new List<(double, byte[])>();
        foreach (string line in file.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.TryGetProperty("b64", out var b64))
            {
                chunks.Add((doc.RootElement.GetProperty("t_ms").GetDouble(), Convert.FromBase64String(b64.GetString()!)));
            }
        }

        return chunks;
    }

    /// <summary>Every chunk's bytes joined, as UTF-8 text.</summary>
    public static string Body(string file) => Encoding.UTF8.GetString([.. Chunks(file).SelectMany(c => c.Bytes)]);

    /// <summary>
    /// Every string value of the JSON events in <paramref name="body"/>, joined across events per
    /// field path; SSE (<paramref name="eventStream"/>) or one JSON message per line.
    /// </summary>
    public static IReadOnlyDictionary<string, string> JoinedFields(string body, bool eventStream)
    {
        var fields = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        foreach (string json in eventStream ? SseData(body) : body.Split('\n'))
        {
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(json);
            }
            catch (JsonException)
            {
                continue;
            }

            using (doc)
            {
                Collect(doc.RootElement, string.Empty, fields);
            }
        }

        return fields.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
    }

    /// <summary>The body and every joined field of a recording file, one per line: what a search for the key should search.</summary>
    public static string Everything(string file, bool eventStream)
    {
        string body = Body(file);
        return body + "\n" + string.Join("\n", JoinedFields(body, eventStream).Select(f => $"{f.Key}={f.Value}"));
    }

    private static IEnumerable<string> SseData(string body)
    {
        foreach (string block in body.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n"))
        {
            var data = block.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].TrimStart(' ')).ToList();
            if (data.Count > 0)
            {
                yield return string.Join('\n', data);
            }
        }
    }

    private static void Collect(JsonElement element, string path, Dictionary<string, StringBuilder> fields)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, path + "/" + property.Name, fields);
                }

                break;
            case JsonValueKind.Array:
                int i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, path + "/" + i++, fields);
                }

                break;
            case JsonValueKind.String:
                if (!fields.TryGetValue(path, out var text))
                {
                    fields[path] = text = new StringBuilder();
                }

                text.Append(element.GetString());
                break;
        }
    }
}
