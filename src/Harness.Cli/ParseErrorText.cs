using System.Text.RegularExpressions;

namespace Harness.Cli;

/// <summary>
/// A command-line parse error in the option's terms. System.CommandLine names the .NET type it
/// could not convert to (<c>'System.Nullable`1[System.Int32]'</c>); the user typed an option.
/// </summary>
internal static partial class ParseErrorText
{
    /// <summary><paramref name="message"/> with "Cannot parse argument …" said plainly; any other message as it is.</summary>
    public static string Describe(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var match = CannotParse().Match(message);
        return match.Success
            ? $"{match.Groups["name"].Value}: '{match.Groups["value"].Value}' is not {KindOf(match.Groups["type"].Value)}"
            : message;
    }

    private static string KindOf(string type) => type switch
    {
        _ when type.Contains("System.Int32", StringComparison.Ordinal) => "a whole number (up to 2147483647)",
        _ when type.Contains("System.Int64", StringComparison.Ordinal) => "a whole number",
        _ when type.Contains("System.Double", StringComparison.Ordinal) => "a number",
        _ when type.Contains("System.Boolean", StringComparison.Ordinal) => "true or false",
        _ => "a value of the expected kind",
    };

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (?:option|command|argument) '(?<name>[^']*)' as expected type '(?<type>[^']*)'\.$")]
    private static partial Regex CannotParse();
}
