using Harness.Core;

namespace Harness.Cli.Options;

/// <summary>
/// Checks a file an option or argument names before it is read, so a missing file or a directory
/// is one plain line ("does not exist", "is a directory, not a file") instead of the runtime's
/// "Could not find a part of the path" or "Access to the path is denied".
/// </summary>
internal static class InputFile
{
    /// <summary>The full path of <paramref name="path"/>; a usage error starting with <paramref name="what"/> when it is missing or a directory.</summary>
    public static string Require(string path, string what)
    {
        string full = Path.GetFullPath(path);
        return FileProblem.Of(full) is { } problem ? throw new UsageException($"{what} '{full}' {problem}") : full;
    }
}
