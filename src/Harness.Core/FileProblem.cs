namespace Harness.Core;

/// <summary>
/// Why a file the user named cannot be read, in the user's terms ("does not exist", "is a directory,
/// not a file", "permission denied"), instead of the runtime's "Could not find file" or "Access to
/// the path is denied" (which is also what opening a directory says).
/// </summary>
public static class FileProblem
{
    /// <summary>Why <paramref name="path"/> cannot be read as a file before trying ("does not exist", "is a directory, not a file"), or null.</summary>
    public static string? Of(string path) =>
        Directory.Exists(path) ? "is a directory, not a file"
        : !File.Exists(path) ? "does not exist"
        : null;

    /// <summary>
    /// Why <paramref name="directory"/> cannot hold a file, when a file stands where it or one of
    /// its parents should be: "{file} is a file, not a directory" (the runtime says "Could not find a
    /// part of the path", or that the file "already exists"); null otherwise.
    /// </summary>
    public static string? FileInTheWay(string directory)
    {
        for (string? dir = Path.GetFullPath(directory); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(dir))
            {
                return $"{dir} is a file, not a directory";
            }

            if (Directory.Exists(dir))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>One short phrase for <paramref name="exception"/>, raised reading <paramref name="path"/>; to follow the file's name.</summary>
    public static string Describe(Exception exception, string path)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Of(path)
            ?? (exception is FileNotFoundException or DirectoryNotFoundException ? "does not exist"
            : exception is UnauthorizedAccessException ? "cannot be read: permission denied"
            : "cannot be read: " + exception.Message);
    }
}
