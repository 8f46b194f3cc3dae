using System.Text.Json;

namespace Harness.Clients.Redaction;

/// <summary>
/// Finds the JSON string values of a recorded body, in order: those of each SSE event's data
/// (its <c>data:</c> lines joined) and those of JSON values written one after another (WebSocket
/// messages, one per line, or a JSON error body). The body is read both ways, whatever its content
/// type says: a line is either an SSE field or part of a JSON value, never both, so no value is
/// found twice. What is not JSON is skipped.
/// </summary>
internal static class RecordedBodyFields
{
    /// <summary>The string values of <paramref name="body"/>, in body order.</summary>
    public static List<RecordedStringField> Find(ReadOnlySpan<byte> body)
    {
        var fields = new List<RecordedStringField>();
        FindInEvents(body, fields);
        FindInJsonValues(body, fields);
        fields.Sort((a, b) => a.Start.CompareTo(b.Start));
        return fields;
    }

    /// <summary>SSE: each event's data, one JSON value; a body cut short still has its last event read.</summary>
    private static void FindInEvents(ReadOnlySpan<byte> body, List<RecordedStringField> fields)
    {
        var data = new List<(int Start, int Length)>();
        int pos = 0;
        while (pos < body.Length)
        {
            int length = body[pos..].IndexOfAny((byte)'\r', (byte)'\n');
            int lineEnd = length < 0 ? body.Length : pos + length;
            var line = body[pos..lineEnd];
            if (line.IsEmpty)
            {
                FindInEventData(body, data, fields);
                data.Clear();
            }
            else if (line.StartsWith("data:"u8))
            {
                int start = pos + 5 + (line.Length > 5 && line[5] == (byte)' ' ? 1 : 0);
                data.Add((start, lineEnd - start));
            }

            pos = lineEnd < body.Length && body[lineEnd] == (byte)'\r' && lineEnd + 1 < body.Length && body[lineEnd + 1] == (byte)'\n' ? lineEnd + 2 : lineEnd + 1;
        }

        FindInEventData(body, data, fields);
    }

    private static void FindInEventData(ReadOnlySpan<byte> body, List<(int Start, int Length)> lines, List<RecordedStringField> fields)
    {
        if (lines.Count == 1)
        {
            var (start, length) = lines[0];
            TryValue(body.Slice(start, length), [(0, start)], fields, out _);
        }
        else if (lines.Count > 1)
        {
            // Lines joined by '\n' as the event's data; a string literal holds no raw newline, so each lies within one line.
            var joined = new List<byte>();
            var map = new (int DataStart, int BodyStart)[lines.Count];
            for (int i = 0; i < lines.Count; i++)
            {
                if (i > 0)
                {
                    joined.Add((byte)'\n');
                }

                map[i] = (joined.Count, lines[i].Start);
                joined.AddRange(body.Slice(lines[i].Start, lines[i].Length));
            }

            TryValue([.. joined], map, fields, out _);
        }
    }

    /// <summary>JSON values one after another; where there is none, the rest of the line is skipped.</summary>
    private static void FindInJsonValues(ReadOnlySpan<byte> body, List<RecordedStringField> fields)
    {
        int pos = 0;
        while (pos < body.Length)
        {
            byte b = body[pos];
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                pos++;
                continue;
            }

            if (TryValue(body[pos..], [(0, pos)], fields, out int consumed))
            {
                pos += consumed;
                continue;
            }

            int newline = body[pos..].IndexOf((byte)'\n');
            pos = newline < 0 ? body.Length : pos + newline + 1;
        }
    }

    /// <summary>
    /// Reads the JSON object or array at the start of <paramref name="json"/> and adds its string
    /// values (all or, when it is no valid JSON, none); <paramref name="map"/> gives, for each piece
    /// of <paramref name="json"/> from its start on, where that piece lies in the body.
    /// </summary>
    private static bool TryValue(ReadOnlySpan<byte> json, (int DataStart, int BodyStart)[] map, List<RecordedStringField> fields, out int consumed)
    {
        consumed = 0;
        int first = json.IndexOfAnyExcept((byte)' ', (byte)'\t');
        if (first < 0 || json[first] is not ((byte)'{' or (byte)'['))
        {
            return false;
        }

        var found = new List<RecordedStringField>();
        var containers = new List<Container>();
        string? property = null;
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString();
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        containers.Add(new Container(reader.TokenType == JsonTokenType.StartArray, PathOfValue(containers, property)));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        containers.RemoveAt(containers.Count - 1);
                        if (containers.Count == 0)
                        {
                            consumed = (int)reader.BytesConsumed;
                            fields.AddRange(found);
                            return true;
                        }

                        break;
                    case JsonTokenType.String:
                        int start = ToBody(map, (int)reader.TokenStartIndex);
                        found.Add(new RecordedStringField(PathOfValue(containers, property), start, start + (int)(reader.BytesConsumed - reader.TokenStartIndex), reader.GetString()!));
                        break;
                    default:
                        PathOfValue(containers, property);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON, cut short, or a string that is no valid UTF-8.
        }

        return false;
    }

    /// <summary>The path of the value just read (an array's next index, else the property's name); counts it in its array.</summary>
    private static string PathOfValue(List<Container> containers, string? property)
    {
        if (containers.Count == 0)
        {
            return string.Empty;
        }

        var parent = containers[^1];
        if (!parent.IsArray)
        {
            return parent.Path + "/" + property;
        }

        containers[^1] = parent with { Count = parent.Count + 1 };
        return parent.Path + "/" + parent.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int ToBody((int DataStart, int BodyStart)[] map, int dataOffset)
    {
        int i = map.Length - 1;
        while (map[i].DataStart > dataOffset)
        {
            i--;
        }

        return map[i].BodyStart + (dataOffset - map[i].DataStart);
    }

    /// <summary>An open object or array: its path and, for an array, the values read so far.</summary>
    private readonly record struct Container(bool IsArray, string Path, int Count = 0);
}
