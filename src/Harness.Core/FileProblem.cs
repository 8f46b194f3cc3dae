namespace Harness.Core;

/// <summary>
/// Why a file the user named cannot be read, in the user's terms ("does not exist", "is a directory,
/// not a file", "permission denied"), instead of the runtime's "Could not find file" or "Access to
/// the path is denied" (which is also what opening a directory says).
/// </summary>
public static class FileProblem
{
    /// <summary>One short phrase for <paramref name="exception"/>, raised reading <paramref name="path"/>; to follow the file's name.</summary>
    public static string Describe(Exception exception, string path)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Directory.Exists(path) ? "is a directory, not a file"
            : exception is FileNotFoundException or DirectoryNotFoundException || !File.Exists(path) ? "does not exist"
            : exception is UnauthorizedAccessException ? "cannot be read: permission denied"
            : "cannot be read: " + exception.Message;
    }
}
