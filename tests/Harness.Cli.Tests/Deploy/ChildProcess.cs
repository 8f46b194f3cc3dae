using System.Diagnostics;
using System.Text;

namespace Harness.Cli.Tests.Deploy;

/// <summary>
/// A process the deploy tests start: stdout read line by line, stderr collected, killed (with its
/// children) on dispose so no test leaves one running.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Task _stderrPump;

    private ChildProcess(Process process)
    {
        _process = process;
        _stderrPump = Task.Run(async () =>
        {
            string? line;
            while ((line = await process.StandardError.ReadLineAsync()) is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(line);
                }
            }
        });
    }

    public int Id => _process.Id;

    public string Error
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="file"/>. With <paramref name="cleanEnvironment"/> the child sees only
    /// <paramref name="environment"/> (like <c>env -i</c>); otherwise that is added to this process's.
    /// </summary>
    public static ChildProcess Start(string file, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null, bool cleanEnvironment = false)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        if (cleanEnvironment)
        {
            info.Environment.Clear();
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        process.StandardInput.Close();
        return new ChildProcess(process);
    }

    /// <summary>Runs to the end (failing the test after <paramref name="timeout"/>); returns exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(string file, IEnumerable<string> args, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null, bool cleanEnvironment = false)
    {
        using var child = Start(file, args, workingDirectory, environment, cleanEnvironment);
        var stdout = child._process.StandardOutput.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await child._process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{Path.GetFileName(file)} {string.Join(' ', args)} did not end within {timeout.TotalSeconds} s: {child.Error}");
        }

        string output = await stdout;
        await child._stderrPump;
        return (child._process.ExitCode, output, child.Error);
    }

    /// <summary>The next line of stdout; fails the test when none comes within <paramref name="timeout"/>.</summary>
    public async Task<string> ReadLineAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        string? line = null;
        try
        {
            line = await _process.StandardOutput.ReadLineAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
        }

        return line ?? throw new Xunit.Sdk.XunitException($"no line on stdout within {timeout.TotalSeconds} s (exited: {_process.HasExited}); stderr: {Error}");
    }

    /// <summary>Waits for the process to end; fails the test after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"process {Id} did not end within {timeout.TotalSeconds} s: {Error}");
        }

        await _stderrPump;
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
