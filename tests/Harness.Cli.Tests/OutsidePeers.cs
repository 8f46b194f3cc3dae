using System.Diagnostics;
using System.Text.Json;

namespace Harness.Cli.Tests;

/// <summary>
/// Outside programs for timing checks: Debian's <c>/usr/bin/python3</c> running the scripts under
/// <c>conformance/peers/</c> (an aiohttp server, a stdlib/websockets client), and a real
/// <c>harness</c> process. Missing python or modules fail with the install line.
/// </summary>
internal static class OutsidePeers
{
    public const string Python = "/usr/bin/python3";

    // What each process StartAsync started writes to stderr, read as it comes so the pipe never fills.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Process, Task<string>> s_standardErrors = [];

    public static string Script(string name) => Path.Combine(RepositoryRoot.Path, "conformance", "peers", name);

    public static async Task RequirePythonAsync(params string[] modules)
    {
        Assert.True(File.Exists(Python), $"{Python} does not exist; install Debian's python3 (see .ci/run)");
        foreach (var module in modules)
        {
            var (code, _, err) = await RunAsync(Python, ["-c", "import " + module], TimeSpan.FromSeconds(30));
            Assert.True(code == 0, $"{Python} cannot import {module} ({err.Trim()}): apt-get install -y python3-aiohttp python3-websockets (see .ci/run)");
        }
    }

    /// <summary>Runs the first-token client script (on <paramref name="cpu"/> alone, when given: <see cref="OnCpu"/>); its TTFTs in ms.</summary>
    public static async Task<double[]> FirstTokenClientAsync(string[] args, int? cpu = null)
    {
        string[] command = [Python, Script("first_token_client.py"), .. args];
        var (file, arguments) = cpu is int pinned ? OnCpu(pinned, command) : (command[0], command[1..]);
        var (code, output, error) = await RunAsync(file, arguments, TimeSpan.FromSeconds(60));
        Assert.True(code == 0, $"first_token_client.py failed ({code}): {error}");
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.GetProperty("ttft_ms").EnumerateArray().Select(e => e.GetDouble()).ToArray();
    }

    /// <summary>Starts a long-running process (with <paramref name="environment"/> added to this one's) and returns it with its first stdout line (killed by the caller).</summary>
    public static async Task<(Process Process, string FirstLine)> StartAsync(string file, IEnumerable<string> args, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[name] = value;
        }

        var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        s_standardErrors.Add(process, stderr);
        using var cts = new CancellationTokenSource(timeout);
        string? line = null;
        try
        {
            line = await process.StandardOutput.ReadLineAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
        }

        if (line is null)
        {
            Stop(process);
            Assert.Fail($"{file} {string.Join(' ', args)} printed nothing: {await stderr}");
        }

        return (process, line);
    }

    /// <summary>All that a process started by <see cref="StartAsync"/> wrote to stderr, once it has exited.</summary>
    public static Task<string> StandardErrorAsync(Process process) => s_standardErrors.TryGetValue(process, out var stderr) ? stderr : throw new ArgumentException("not started by StartAsync", nameof(process));

    /// <summary>Sends <paramref name="signal"/> (<c>TERM</c>, <c>INT</c>, ...) to <paramref name="process"/> as a user's <c>kill</c> would.</summary>
    public static async Task SignalAsync(Process process, string signal, CancellationToken cancellationToken = default)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(cancellationToken);
    }

    public static void Stop(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }

        process.Dispose();
    }

    /// <summary>
    /// <paramref name="command"/> run on CPU <paramref name="cpu"/> alone (through taskset) when the
    /// machine has two CPUs or more, else as it is. A timing check puts its server on one CPU and its
    /// clients on another: a client's own threads (the harness's JIT, tiering and probe threads; a
    /// Python client has one) then take no CPU time from the server it is timing. Sharing two cores,
    /// the harness read the same aiohttp server's first token 0.4 ms later than Python's client;
    /// apart, 0.03 ms (docs/notes/stream-vs-python.md).
    /// </summary>
    public static (string File, string[] Args) OnCpu(int cpu, string[] command)
    {
        const string taskset = "/usr/bin/taskset";
        return Environment.ProcessorCount > cpu && Environment.ProcessorCount >= 2 && File.Exists(taskset)
            ? (taskset, ["-c", cpu.ToString(System.Globalization.CultureInfo.InvariantCulture), .. command])
            : (command[0], command[1..]);
    }

    public static string HarnessDll => Path.Combine(AppContext.BaseDirectory, "harness.dll");

    /// <summary>The median of a timing check's samples (the mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static async Task<(int Code, string Out, string Error)> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', args)} did not finish in {timeout.TotalSeconds} s");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
