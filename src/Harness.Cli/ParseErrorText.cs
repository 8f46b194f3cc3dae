using System.Text.RegularExpressions;

namespace Harness.Cli;

/// <summary>
/// A command-line parse error in the option's terms. System.CommandLine names the .NET type it
/// could not convert to (<c>'System.Nullable`1[System.Int32]'</c>); the user typed an option.
/// </summary>
internal static partial class ParseErrorText
{
    /// <summary>
    /// <paramref name="message"/> with "Cannot parse argument …" said plainly, a value outside a
    /// fixed set named with the set on the same line (the library lists it one per line), any other
    /// message on one line. <paramref name="name"/>: the option or argument the error is about, when known.
    /// </summary>
    public static string Describe(string message, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var match = CannotParse().Match(message);
        if (match.Success)
        {
            return $"{match.Groups["name"].Value}: '{match.Groups["value"].Value}' is not {KindOf(match.Groups["type"].Value)}";
        }

        var notOneOf = NotOneOf().Match(message);
        if (notOneOf.Success)
        {
            var choices = notOneOf.Groups["choice"].Captures.Select(c => c.Value);
            return $"{(name is null ? string.Empty : name + ": ")}'{notOneOf.Groups["value"].Value}' is not one of {string.Join(", ", choices)}";
        }

        return string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static string KindOf(string type) => type switch
    {
        _ when type.Contains("System.Int32", StringComparison.Ordinal) => "a whole number (up to 2147483647)",
        _ when type.Contains("System.Int64", StringComparison.Ordinal) => "a whole number",
        _ when type.Contains("System.Double", StringComparison.Ordinal) => "a number",
        _ when type.Contains("System.Boolean", StringComparison.Ordinal) => "true or false",
        _ => "a value of the expected kind",
    };

    [GeneratedRegex(@"^Argument '(?<value>.*)' not recognized\. Must be one of:(?:\s*'(?<choice>[^']*)')+\s*$")]
    private static partial Regex NotOneOf();

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (?:option|command|argument) '(?<name>[^']*)' as expected type '(?<type>[^']*)'\.$")]
    private static partial Regex CannotParse();
}
