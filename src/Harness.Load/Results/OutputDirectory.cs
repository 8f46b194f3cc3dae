using System.Globalization;
using Harness.Core;

namespace Harness.Load.Results;

/// <summary>
/// A directory one run writes into, claimed before the run measures anything: created if needed,
/// proven writable, and locked so a second run on it refuses (naming the holder) instead of the
/// last writer silently winning. A directory holding an earlier run's files is refused unless
/// <c>force</c>, which clears them, so nothing derived from an earlier run (a stale
/// <c>verdicts.json</c>, a chart of a transport not in this run) shows up in this one.
/// </summary>
public sealed class OutputDirectory : IDisposable
{
    /// <summary>The lock file; held exclusively (flock) while the run lasts, released by the kernel if the process dies.</summary>
    public const string LockFile = ".harness.lock";

    /// <summary>Who holds the lock, for the message a second run prints.</summary>
    public const string OwnerFile = ".harness.owner";

    // What an earlier harness run leaves behind: only a directory holding one of these may be cleared by force.
    // The CSVs alone are what a run killed before its end leaves (ResultsJournal).
    private static readonly string[] s_markers = [ResultsDirectory.ResultsFile, ResultsDirectory.HistogramsFile, ResultsDirectory.TimeSeriesFile, ResultsDirectory.RequestsFile, "conformance.json", ResultsDirectory.OverheadReportFile, "index.html"];

    private readonly FileStream _lock;

    // The directories this claim created, deepest first (the directory itself, then any parents made for it).
    private readonly List<string> _created;

    private OutputDirectory(string path, FileStream lockStream, List<string> created)
    {
        FullPath = path;
        _lock = lockStream;
        _created = created;
    }

    /// <summary>The directory's full path.</summary>
    public string FullPath { get; }

    /// <summary>
    /// Claims <paramref name="path"/> for a run described by <paramref name="holder"/>. Every refusal
    /// is an <see cref="IOException"/> whose message starts with the path and says what is wrong.
    /// </summary>
    /// <param name="path">The directory (created if missing).</param>
    /// <param name="holder">What is running, shown to a second run (e.g. <c>harness compare</c>).</param>
    /// <param name="force">Clear an earlier run's files instead of refusing.</param>
    /// <param name="reuse">Overwrite the same fixed file names without refusing (conformance's default directory).</param>
    public static OutputDirectory Claim(string path, string holder, bool force, bool reuse = false)
    {
        string full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            throw new IOException($"{full}: exists and is a file, not a directory");
        }

        if (FileProblem.FileInTheWay(full) is { } inTheWay)
        {
            throw new IOException($"{full}: cannot create the directory: {inTheWay}");
        }

        var created = new List<string>();
        for (string? dir = full; dir is not null && !Directory.Exists(dir); dir = Path.GetDirectoryName(dir))
        {
            created.Add(dir);
        }

        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new IOException($"{full}: cannot create the directory: {ex.Message}", ex);
        }

        FileStream lockStream;
        string ownerPath = Path.Combine(full, OwnerFile);
        try
        {
            lockStream = new FileStream(Path.Combine(full, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (File.Exists(Path.Combine(full, LockFile)))
        {
            throw new IOException($"{full}: in use by {OwnerOf(full)}; wait for it or choose another directory", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{full}: not writable: {ex.Message}", ex);
        }

        try
        {
            var earlier = Directory.EnumerateFileSystemEntries(full)
                .Where(e => Path.GetFileName(e) is not (LockFile or OwnerFile))
                .ToList();
            if (earlier.Count > 0 && !reuse)
            {
                bool harnessOutput = s_markers.Any(m => File.Exists(Path.Combine(full, m)));
                if (!force || !harnessOutput)
                {
                    throw new IOException(harnessOutput
                        ? $"{full}: holds an earlier run's results; choose a new directory, or --force to replace them"
                        : $"{full}: not empty and not a results directory; choose a new or empty directory");
                }

                foreach (string entry in earlier)
                {
                    if (Directory.Exists(entry))
                    {
                        Directory.Delete(entry, recursive: true);
                    }
                    else
                    {
                        File.Delete(entry);
                    }
                }
            }

            string stamp = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            AtomicFile.WriteText(ownerPath, $"{holder} (pid {Environment.ProcessId} on {Environment.MachineName}, since {stamp})\n");
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            lockStream.Dispose();
            throw ex is IOException && ex.Message.StartsWith(full, StringComparison.Ordinal) ? ex : new IOException($"{full}: not writable: {ex.Message}", ex);
        }

        return new OutputDirectory(full, lockStream, created);
    }

    /// <summary>Who is running into <paramref name="directory"/> now (its lock is held), or null.</summary>
    public static string? HolderOf(string directory)
    {
        string lockPath = Path.Combine(directory, LockFile);
        if (!File.Exists(lockPath))
        {
            return null;
        }

        try
        {
            using (new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                return null; // a lock file nobody holds: a run that ended or was killed
            }
        }
        catch (IOException)
        {
            return OwnerOf(directory);
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string OwnerOf(string directory)
    {
        string ownerPath = Path.Combine(directory, OwnerFile);
        return File.Exists(ownerPath) ? File.ReadAllText(ownerPath).Trim() : "another process";
    }

    /// <summary>
    /// Releases the lock (the files written stay). When this claim created the directory and nothing
    /// but the lock was written into it — the run was refused or failed before it measured anything
    /// (a merge of runs that do not belong together, a transport without an endpoint) — it is
    /// removed again, with any parents made for it, so a failed command leaves no empty directory
    /// behind. A directory that was there before, or that holds anything else, stays.
    /// </summary>
    public void Dispose()
    {
        bool unused = _created.Count > 0 && Directory.EnumerateFileSystemEntries(FullPath).All(e => Path.GetFileName(e) is LockFile or OwnerFile);
        if (unused)
        {
            TryDelete(() => File.Delete(Path.Combine(FullPath, LockFile))); // still held: no other run takes it meanwhile
        }

        // The lock itself is what matters, and it goes with the handle below.
        TryDelete(() => File.Delete(Path.Combine(FullPath, OwnerFile)));
        _lock.Dispose();
        if (unused)
        {
            foreach (string dir in _created)
            {
                if (!TryDelete(() => Directory.Delete(dir)))
                {
                    break; // not empty (someone else's files): it and its parents stay
                }
            }
        }
    }

    private static bool TryDelete(Action delete)
    {
        try
        {
            delete();
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
