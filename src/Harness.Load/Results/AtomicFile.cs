using System.Text;
using Harness.Clients.Redaction;

namespace Harness.Load.Results;

/// <summary>
/// Writes a file all at once or not at all: into a temporary file beside it, flushed to disk, then
/// renamed over the target. A crash or a full disk leaves the previous file (or none), never half of one.
/// Every file written here is text and passes through <see cref="RedactingStream"/>: no secret of
/// this process (the API key, wherever a server echoed it) reaches a results file.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> with whatever <paramref name="write"/> puts in the stream.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        // Same directory, so the rename never crosses a file system (rename is atomic only within one).
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                if (SecretRedactor.Active)
                {
                    using var redacting = new RedactingStream(stream);
                    write(redacting);
                    redacting.Complete();
                }
                else
                {
                    write(stream);
                }

                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark.</summary>
    public static void WriteText(string path, string text) =>
        Write(path, s =>
        {
            var bytes = new UTF8Encoding(false).GetBytes(text);
            s.Write(bytes, 0, bytes.Length);
        });
}
