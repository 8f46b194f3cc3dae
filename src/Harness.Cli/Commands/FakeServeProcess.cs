using System.Diagnostics;
using System.Text.Json;
using Harness.Clients.SelfCheck;

namespace Harness.Cli.Commands;

/// <summary>
/// A <c>harness fake serve</c> child process (this same program), optionally pinned to one CPU,
/// started and read until it prints its URLs (which it does once warm); killed on dispose.
/// </summary>
internal sealed class FakeServeProcess : IAsyncDisposable
{
    private readonly Process _process;

    private FakeServeProcess(Process process, SelfCheckEndpoints endpoints, string? allowedCpus)
    {
        _process = process;
        Endpoints = endpoints;
        AllowedCpus = allowedCpus;
    }

    /// <summary>The child's URLs.</summary>
    public SelfCheckEndpoints Endpoints { get; }

    /// <summary>The CPUs the kernel lets the child run on (<c>Cpus_allowed_list</c>), or null when unknown.</summary>
    public string? AllowedCpus { get; }

    /// <summary>Process id of the child.</summary>
    public int Id => _process.Id;

    /// <summary>
    /// Starts the fake with <paramref name="schedule"/>; pinned to <paramref name="cpu"/> when given and
    /// supported; without its keep-warm requests unless <paramref name="keepWarm"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The child could not be started or did not print its URLs in time.</exception>
    public static async Task<FakeServeProcess> StartAsync(string schedule, int? cpu, IReadOnlyCollection<int> restoreCpus, bool keepWarm, CancellationToken ct)
    {
        var psi = SelfStartInfo();
        foreach (var a in new[] { "fake", "serve", "--port", "0", "--schedule", schedule })
        {
            psi.ArgumentList.Add(a);
        }

        if (!keepWarm)
        {
            psi.ArgumentList.Add("--no-keep-warm");
        }

        Process process;
        if (cpu is int c)
        {
            // The child inherits the mask of the thread that forks it: pin this thread for the start only.
            CpuAffinity.PinCurrentThread([c]);
            try
            {
                process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the fake process");
            }
            finally
            {
                CpuAffinity.PinCurrentThread(restoreCpus);
            }
        }
        else
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the fake process");
        }

        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        SelfCheckEndpoints? endpoints = null;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(90));
            try
            {
                // Other lines may come first (the runtime's own diagnostics, when the environment
                // asks for them): the URLs are the first line that parses as them.
                while (endpoints is null && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
                {
                    endpoints = ParseUrls(line);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        if (endpoints is null)
        {
            // Never leave the child behind: it would keep serving after this process is gone.
            Kill(process);
            var err = await stderr;
            process.Dispose();
            throw new InvalidOperationException("the fake process did not print its URLs: " + err.Trim());
        }

        if (cpu is int again)
        {
            CpuAffinity.PinProcess(process.Id, [again]); // any thread started before the mask took hold
        }

        return new FakeServeProcess(process, endpoints, CpuAffinity.AllowedListOf(process.Id));
    }

    /// <summary>The endpoints in the line <c>fake serve</c> prints once warm, or null when <paramref name="line"/> is not that line.</summary>
    internal static SelfCheckEndpoints? ParseUrls(string line)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            return root.ValueKind == JsonValueKind.Object && Url(root, "http") is { } http && Url(root, "http2") is { } http2 && Url(root, "ws") is { } ws
                ? new SelfCheckEndpoints(http, http2, ws)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }

        static Uri? Url(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && Uri.TryCreate(value.GetString(), UriKind.Absolute, out var uri)
                ? uri
                : null;
    }

    /// <summary>Kills the child.</summary>
    public async ValueTask DisposeAsync()
    {
        Kill(_process);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
        }

        _process.Dispose();
    }

    /// <summary>How to start this same program: its apphost, or the dotnet host with harness.dll.</summary>
    private static ProcessStartInfo SelfStartInfo()
    {
        var self = Environment.ProcessPath;
        var dll = typeof(FakeServeProcess).Assembly.Location;
        ProcessStartInfo psi;
        if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("harness", StringComparison.OrdinalIgnoreCase))
        {
            psi = new ProcessStartInfo(self);
        }
        else
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            host ??= self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? self : "dotnet";
            psi = new ProcessStartInfo(host);
            psi.ArgumentList.Add(dll);
        }

        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.RedirectStandardInput = true;
        psi.UseShellExecute = false;
        return psi;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }
}
