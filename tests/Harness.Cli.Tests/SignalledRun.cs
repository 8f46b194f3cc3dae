using System.Diagnostics;

namespace Harness.Cli.Tests;

/// <summary>harness as a real process, interrupted by a real signal once its measured part is under way.</summary>
public static class SignalledRun
{
    /// <summary>Runs harness with <paramref name="args"/>, sends <paramref name="signal"/> 1.5 s into the measured part, and waits for it to end.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args, string signal) =>
        RunAsync(args, signal, line => line.Contains("req/s", StringComparison.Ordinal) && !line.Contains("warm-up", StringComparison.Ordinal));

    /// <summary>As <see cref="RunAsync(string[], string)"/>, the measured part taken to be under way at the first stderr line <paramref name="underWay"/> accepts.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args, string signal, Func<string, bool> underWay)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "harness.dll");
        // A test run started in the background by a non-interactive shell (`./run.sh test &`, some CI
        // runners) inherits SIGINT ignored, and .NET keeps an ignored SIGINT ignored (the job-control
        // convention), so harness would never see the INT sent. env (GNU coreutils 8.31+) gives the
        // child SIGINT's default disposition back, as a terminal's foreground job has it.
        var info = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in (string[])["--default-signal=INT", "dotnet", dll, .. args])
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var started = new TaskCompletionSource();
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }

            if (e.Data is { } line && underWay(line))
            {
                started.TrySetResult();
            }
        };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await Task.Delay(1500);
            await OutsidePeers.SignalAsync(process, signal, timeout.Token);

            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        string output = await stdout;
        lock (stderr)
        {
            return (process.ExitCode, output, stderr.ToString());
        }
    }
}
