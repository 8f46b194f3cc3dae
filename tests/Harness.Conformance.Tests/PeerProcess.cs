using System.Diagnostics;
using System.Text.Json;

namespace Harness.Conformance.Tests;

/// <summary>
/// One of the Python endpoints under <c>conformance/peers/</c>, run with Debian's <c>/usr/bin/python3</c>
/// on an ephemeral loopback port (the script prints it), killed on dispose.
/// </summary>
internal sealed class PeerProcess : IDisposable
{
    public const string Python = "/usr/bin/python3";
    public const string SkipVariable = "HARNESS_SKIP_PYTHON_PEERS";

    private readonly Process _process;

    private PeerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Starts <paramref name="script"/>; fails with a clear message when Debian's python3 or the module is missing.</summary>
    public static async Task<PeerProcess> StartAsync(string script, string module, params string[] args)
    {
        var missing = !File.Exists(Python) ? $"{Python} does not exist" : await ModuleMissingAsync(module);
        if (missing is not null)
        {
            Assert.Fail($"{missing}. The other-stack conformance tests need Debian's python3 with python3-aiohttp and python3-websockets: " +
                "run .ci/run's apt step (apt-get install -y python3-aiohttp python3-websockets), or set " + SkipVariable + "=1 to skip these tests.");
        }

        var path = Path.Combine(RepositoryRoot.Path, "conformance", "peers", script);
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(path);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        string? line;
        try
        {
            line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            line = null;
        }

        if (line is null)
        {
            process.Kill(entireProcessTree: true);
            var err = await process.StandardError.ReadToEndAsync();
            process.Dispose();
            Assert.Fail($"{script} did not print its port: {err}");
        }

        using var doc = JsonDocument.Parse(line);
        return new PeerProcess(process, doc.RootElement.GetProperty("port").GetInt32());
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private static async Task<string?> ModuleMissingAsync(string module)
    {
        var psi = new ProcessStartInfo(Python, ["-c", $"import {module}"]) { RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        await p.WaitForExitAsync();
        return p.ExitCode == 0 ? null : $"{Python} cannot import {module}";
    }
}
