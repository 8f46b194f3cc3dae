using Harness.Core;

namespace Harness.Cli.Options;

/// <summary>
/// Checks, before anything is measured, that a file an option names (<c>--record</c>,
/// <c>--junit</c>, <c>--chart</c>) can be written: not a directory, its directory writable, and not
/// an existing non-empty file unless <c>--force</c> (it may be an earlier run's only copy). A bad path then
/// costs one line at once, not the output of a whole run.
/// </summary>
internal static class WritableFile
{
    /// <summary>
    /// Throws a <see cref="UsageException"/> naming <paramref name="option"/> and the path when
    /// <paramref name="path"/> cannot be written, or exists and <paramref name="force"/> is not
    /// given; creates its directory first when <paramref name="createDirectory"/> (as the writer would).
    /// </summary>
    public static void Require(string? path, string option, bool force, bool createDirectory = false)
    {
        if (path is null)
        {
            return;
        }

        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new UsageException($"{option}: {full}: is a directory");
        }

        // An empty file holds nothing to lose (mktemp's, say); anything else may be an earlier run's.
        if (!force && new FileInfo(full) is { Exists: true, Length: > 0 })
        {
            throw new UsageException($"{option}: {full} exists; give --force to replace it");
        }

        string directory = Path.GetDirectoryName(full) ?? ".";
        if (FileProblem.FileInTheWay(directory) is { } inTheWay)
        {
            throw new UsageException($"{option}: {full}: cannot be written: {inTheWay}");
        }

        string probe = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.probe");
        try
        {
            if (createDirectory)
            {
                Directory.CreateDirectory(directory);
            }

            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (DirectoryNotFoundException)
        {
            throw new UsageException($"{option}: {full}: cannot be written: the directory {directory} does not exist");
        }
        catch (UnauthorizedAccessException)
        {
            throw new UsageException($"{option}: {full}: cannot be written: no permission to create files in {directory}");
        }
        catch (Exception ex) when (ex is IOException or NotSupportedException)
        {
            // The probe is ours, not the user's: name the file they gave.
            throw new UsageException($"{option}: {full}: cannot be written: {ex.Message.Replace(probe, full, StringComparison.Ordinal)}");
        }
    }
}
