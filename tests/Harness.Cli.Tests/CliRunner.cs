using System.Diagnostics;
using Harness.Cli;

namespace Harness.Cli.Tests;

/// <summary>Runs the CLI in-process (captured writers) or as a real process (real stdin/stdout).</summary>
public static class CliRunner
{
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Runs harness.dll (copied next to the tests) with <paramref name="stdin"/> piped in.</summary>
    public static Task<(int ExitCode, string Out, string Error)> RunProcessAsync(byte[] stdin, params string[] args) =>
        RunProcessAsync(new Dictionary<string, string?>(), stdin, args);

    /// <summary>As above, with <paramref name="environment"/> set (null values removed) in the child process.</summary>
    public static async Task<(int ExitCode, string Out, string Error)> RunProcessAsync(IReadOnlyDictionary<string, string?> environment, byte[] stdin, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "harness.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(dll);
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
