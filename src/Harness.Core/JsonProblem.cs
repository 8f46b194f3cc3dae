using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Harness.Core;

/// <summary>
/// What is wrong with JSON the harness reads (a file, a JSONL line, an option's value), in the
/// input's terms: the JSON path, line and column, the kind of value expected, the members missing;
/// never the .NET type it was being read into, which System.Text.Json's messages name.
/// </summary>
public static partial class JsonProblem
{
    // What a value of a type not named here (the harness's own: objects, enums read from names) is called.
    private const string Unknown = "a value of the expected kind";

    /// <summary>One short phrase for <paramref name="exception"/>, to follow "not a results file" or a file's name.</summary>
    public static string Describe(JsonException exception) => Describe(exception, null);

    /// <summary>
    /// As <see cref="Describe(JsonException)"/>; a key the reader refused as unknown (read with
    /// <see cref="System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow"/>) is named with the
    /// closest of <paramref name="knownKeys"/> and the list of them.
    /// </summary>
    public static string Describe(JsonException exception, IReadOnlyCollection<string>? knownKeys)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string message = exception.Message;
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        string head = (cut >= 0 ? message[..cut] : message).TrimEnd();
        string? path = exception.Path is { Length: > 0 } p && p != "$" ? p : null;
        string line = exception.LineNumber is long n ? string.Create(CultureInfo.InvariantCulture, $" (line {n + 1})") : string.Empty;

        if (MissingRequired().Match(head) is { Success: true } missing)
        {
            string names = string.Join(", ", Quoted().Matches(missing.Groups["names"].Value).Select(m => '"' + m.Groups[1].Value + '"'));
            return $"missing {names}{(path is null ? string.Empty : " in " + path)}";
        }

        if (NotConverted().Match(head) is { Success: true } converted)
        {
            string kind = KindOf(converted.Groups["type"].Value);

            // Every document the harness reads is an object at its root; the harness's own types are objects.
            return path is null
                ? $"it is not {(kind is "an object" or Unknown ? "a JSON object" : kind)}{line}"
                : $"{path} is not {kind}{line}";
        }

        if (Unmapped().Match(head) is { Success: true } unmapped)
        {
            string name = unmapped.Groups["name"].Value;
            return UnknownKey(name, knownKeys ?? [], string.Empty, InParent(path, name) + line);
        }

        // Read with AllowDuplicateProperties off: the last of two would win without a word.
        if (Duplicate().Match(head) is { Success: true } duplicate)
        {
            string name = duplicate.Groups["name"].Value;
            return $"\"{name}\" is given twice{InParent(path, name)}{line}: give each key once";
        }

        // A dictionary's keys (a price table's models): the reader names no key, the path does.
        if (head.StartsWith("Duplicate properties not allowed", StringComparison.Ordinal))
        {
            return $"{(path is null ? "a key" : path)} is given twice{line}: give each key once";
        }

        if (head.StartsWith("Expected depth to be zero", StringComparison.Ordinal))
        {
            return "it ends inside an object or array: cut short?";
        }

        if (head.StartsWith("Expected end of string, but instead reached end of data", StringComparison.Ordinal))
        {
            return "it ends inside a string: cut short?";
        }

        if (head.StartsWith("The input does not contain any JSON tokens", StringComparison.Ordinal))
        {
            return "it holds no JSON (empty or only whitespace)";
        }

        // A syntax error: the reader's own sentence, placed to the byte, since one-line JSON
        // (an option's value, a JSONL line) has only line 1.
        string where = exception is { LineNumber: long l, BytePositionInLine: long b }
            ? string.Create(CultureInfo.InvariantCulture, $" (line {l + 1}, column {b + 1})")
            : line;
        return head.TrimEnd('.') + where;
    }

    /// <summary>
    /// "unknown key "prefix.name" (did you mean "prefix.closest"?); known: a, b": the one wording of a key
    /// the harness does not read, so that nothing the user wrote is silently ignored.
    /// </summary>
    /// <param name="name">The key as written.</param>
    /// <param name="known">The keys read at that place.</param>
    /// <param name="prefix">Where the key is, as the user would write it (<c>target.</c>), or empty.</param>
    /// <param name="where">Said right after the key (" in $.gpt-4o (line 3)"), or empty.</param>
    public static string UnknownKey(string name, IReadOnlyCollection<string> known, string prefix, string where = "")
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(known);
        string? closest = ClosestName.Of(name, known);
        return $"unknown key \"{prefix}{name}\"{where}{(closest is null ? string.Empty : $" (did you mean \"{prefix}{closest}\"?)")}{(known.Count == 0 ? string.Empty : "; known: " + string.Join(", ", known))}";
    }

    // The JSON kind a .NET type is read from; the harness's own types (objects, enums read from names) are not named.
    private static string KindOf(string type) => type switch
    {
        _ when type.Contains("List`1", StringComparison.Ordinal) || type.EndsWith("[]", StringComparison.Ordinal) => "an array",
        _ when type.Contains("Dictionary`2", StringComparison.Ordinal) => "an object",
        _ when type.Contains("System.String", StringComparison.Ordinal) => "a string",
        _ when type.Contains("System.Boolean", StringComparison.Ordinal) => "true or false",
        _ when type.Contains("System.DateTime", StringComparison.Ordinal) => "a date and time",
        _ when NumberType().IsMatch(type) => "a number",
        _ => Unknown,
    };

    [GeneratedRegex(@"missing required properties including: (?<names>.*)$")]
    private static partial Regex MissingRequired();

    // " in $.target" for a key named at the end of path (the reader's path ends at the key itself); empty at the root.
    private static string InParent(string? path, string name)
    {
        string? parent = path is not null && path.EndsWith("." + name, StringComparison.Ordinal) ? path[..^(name.Length + 1)] : path;
        return parent is null or "$" ? string.Empty : " in " + parent;
    }

    [GeneratedRegex(@"^Duplicate property '(?<name>.*)' encountered")]
    private static partial Regex Duplicate();

    [GeneratedRegex(@"^The JSON property '(?<name>.*)' could not be mapped to any \.NET member")]
    private static partial Regex Unmapped();

    [GeneratedRegex(@"'([^']*)'")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"^The JSON value could not be converted to (?<type>.+?)\.$")]
    private static partial Regex NotConverted();

    [GeneratedRegex(@"System\.(U?Int(16|32|64)|S?Byte|Double|Single|Decimal)\b")]
    private static partial Regex NumberType();
}
