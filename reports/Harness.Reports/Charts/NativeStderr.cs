using System.Runtime.InteropServices;

namespace Harness.Reports.Charts;

/// <summary>
/// Silences native writes to standard error around a call. Skia's SVG backend prints
/// "Unsupported path effect in addPaint." for every dashed line straight to file descriptor 2,
/// which would bury the CLI's own messages; .NET's Console.Error cannot intercept it.
/// </summary>
internal static partial class NativeStderr
{
    private static readonly Lock s_gate = new();

    public static void Suppress(Action action)
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()))
        {
            action();
            return;
        }

        lock (s_gate)
        {
            Console.Error.Flush();
            int saved = Dup(2);
            int devNull = Open("/dev/null", 1 /* O_WRONLY */);
            if (saved < 0 || devNull < 0)
            {
                action();
                return;
            }

            try
            {
                Dup2(devNull, 2);
                action();
            }
            finally
            {
                Dup2(saved, 2);
                Close(saved);
                Close(devNull);
            }
        }
    }

    [DllImport("libc", EntryPoint = "dup")]
    private static extern int Dup(int fd);

    [DllImport("libc", EntryPoint = "dup2")]
    private static extern int Dup2(int fd, int fd2);

    [DllImport("libc", EntryPoint = "open", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int Open(string path, int flags);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
